import { readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { buildTexts, tempDir } from './__tests__/packages.js'
import { createDiskBuildCache } from './cache.js'
import type { BuildCache, BuildResult } from './types.js'

let dir: string
let remove: () => Promise<void>
beforeEach(async () => ({ dir, remove } = await tempDir()))
afterEach(() => remove())

const texts = { 'package.json': '{"name":"cached","exports":"./index.js"}', 'index.js': 'exports.a = 1\n' }

/** A cache that records what passes through it. */
function recording(inner: BuildCache): BuildCache & { gets: string[]; sets: string[] } {
  const gets: string[] = []
  const sets: string[] = []
  return {
    gets,
    sets,
    get: async (key) => (gets.push(key), inner.get(key)),
    set: async (key, result) => (sets.push(key), inner.set(key, result)),
  }
}

describe('createDiskBuildCache', () => {
  it('stores a build by its key and gives back the same result and bytes', async () => {
    const cache = recording(createDiskBuildCache(dir))
    const first = await buildTexts('cached', texts, { cache })
    expect(cache.sets).toEqual([first.key])
    const second = await buildTexts('cached', texts, { cache })
    expect(cache.gets).toEqual([first.key, first.key])
    expect(cache.sets).toEqual([first.key])
    expect(second).toEqual<BuildResult>(first)
    expect([...(await readdir(join(dir, 'builds', first.key.slice(0, 2))))]).toEqual([`${first.key}.json`])
  })

  it('another key (other conditions) is a miss', async () => {
    const cache = recording(createDiskBuildCache(dir))
    const prod = await buildTexts('cached', texts, { cache })
    const dev = await buildTexts('cached', texts, { cache, conditions: ['browser', 'development'] })
    expect(dev.key).not.toBe(prod.key)
    expect(cache.sets).toEqual([prod.key, dev.key])
  })

  it('a stored file whose bytes changed is a miss, and the entry is dropped', async () => {
    const cache = createDiskBuildCache(dir)
    const built = await buildTexts('cached', texts, { cache })
    const contentDir = join(dir, 'content')
    for (const sub of await readdir(contentDir)) for (const file of await readdir(join(contentDir, sub))) await writeFile(join(contentDir, sub, file), 'tampered')
    expect(await cache.get(built.key)).toBeUndefined()
    expect(await readdir(join(dir, 'builds', built.key.slice(0, 2)))).toEqual([])
  })

  it('an unknown key is a miss', async () => {
    expect(await createDiskBuildCache(dir).get('0'.repeat(64))).toBeUndefined()
  })
})
