import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fixturesDir } from '@esmap/test-fixtures'
import { expect, it } from 'vitest'
import { startTestServers } from './testing.fixture.js'

const FILES = [
  ['fx-dep', '1.0.0', 'index.js'],
  ['fx-dep', '1.2.0', 'index.js'],
  ['fx-dep', '2.0.0', 'extra.js'],
  ['fx-dep', '2.1.0', 'index.js'],
  ['@fx/scoped', '1.0.0', 'utils.js'],
  ['@fx/scoped', '1.1.0', 'index.js'],
  ['fx-react', '17.0.2', 'index.js'],
  ['fx-react', '18.3.1', 'jsx-runtime.js'],
  ['fx-react-dom', '18.3.1', 'client.js'],
  ['fx-exports', '1.0.0', 'dist/features/a.js'],
  ['fx-dynamic', '1.0.0', 'lazy.js'],
  ['fx-tagged', '2.0.0', 'index.js'],
] as const

it('answers correctly while the registry fails 20% of its requests', async () => {
  await using t = await startTestServers()
  const failing = t.fixtures.faults.add({ kind: 'status', status: 503, service: 'registry', when: { rate: 0.2, seed: 42 } })
  const files = await Promise.all(
    FILES.map(async ([name, version, path]) => {
      const response = await t.get(`/npm:${name}@${version}/${path}`)
      return [response.status, Buffer.from(await response.arrayBuffer()).equals(await readFile(join(fixturesDir, 'packages', name, version, path)))]
    }),
  )
  expect(files).toEqual(FILES.map(() => [200, true]))
  const maps = await Promise.all(
    ['fx-react-dom@18.3.1,fx-react@18.3.1', 'fx-uses-dep2', 'fx-tagged@next', '@fx/scoped@1.0.0'].map(async (install) => {
      const response = await t.get(`/generate?install=${install}`)
      return [response.status, Object.keys(await response.json())]
    }),
  )
  expect(maps).toEqual(Array(4).fill([200, ['staticDeps', 'dynamicDeps', 'map']]))
  expect(failing.applied).toBeGreaterThan(0)
  expect(t.fixtures.log.count({ service: 'registry', status: 503 })).toBe(failing.applied)
}, 60_000)
