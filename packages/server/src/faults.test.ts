import type { FixtureServer } from '@esmap/test-fixtures'
import { expect, it } from 'vitest'
import { startTestServers, type TestServers } from './testing.fixture.js'

/** Every module file of every fixture package version, and maps in two envs. */
function workload(fixtures: FixtureServer): string[] {
  const files: string[] = []
  for (const name of fixtures.store.names('npm')) {
    for (const [version, contents] of fixtures.store.get('npm', name)!.versions) {
      for (const path of contents.keys()) if (path.endsWith('.js')) files.push(`/npm:${name}@${version}/${path}`)
    }
  }
  const maps = ['fx-react-dom@18.3.1,fx-react@18.3.1', 'fx-uses-dep2', 'fx-tagged@next', '@fx/scoped@1.0.0', 'fx-cjs', 'fx-exports'].flatMap((install) =>
    ['development', 'production'].map((mode) => `/generate?install=${install}&env=browser,${mode},module`),
  )
  return [...files, ...maps]
}

/** Each path's status and body (the server's own URL replaced), all requested at once on a cold server. */
async function answers(t: TestServers, paths: readonly string[]): Promise<string[]> {
  return Promise.all(paths.map(async (path) => {
    const response = await t.get(path)
    return `${path} ${response.status} ${(await response.text()).replaceAll(t.server.url, '<server>/')}`
  }))
}

it('answers exactly as with a healthy registry while the registry fails 20% of its requests', async () => {
  await using healthy = await startTestServers()
  const paths = workload(healthy.fixtures)
  const expected = await answers(healthy, paths)
  await using faulty = await startTestServers()
  const failing = faulty.fixtures.faults.add({ kind: 'status', status: 503, service: 'registry', when: { rate: 0.2, seed: 42 } })
  expect(await answers(faulty, paths)).toEqual(expected)
  // The comparison means something: every map and most files are successes, not errors on both sides.
  expect(expected.filter((a) => a.startsWith('/generate') && !a.includes(' 200 {'))).toEqual([])
  expect(expected.filter((a) => a.startsWith('/npm:') && a.includes(' 200 ')).length).toBeGreaterThan(40)
  expect(failing.applied).toBeGreaterThan(10)
  expect(faulty.fixtures.log.count({ service: 'registry', status: 503 })).toBe(failing.applied)
}, 60_000)
