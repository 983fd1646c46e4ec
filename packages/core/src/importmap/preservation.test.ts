/**
 * flatten() and combineSubpaths() keep every successful resolution, and prune() every kept import, checked on maps generated from
 * a fixed seed over a small alphabet of overlapping keys, scopes and addresses (so conflicts,
 * nesting, null entries and shared folders all occur). A failure names the seed to replay.
 */
import { describe, expect, it } from 'vitest'
import { changedResolutions, probes } from './__tests__/probe.js'
import { ImportMap } from './import-map.js'

const cdn = 'https://cdn.example/'
const keys = ['a', 'a/', 'a/b', 'a/b/', 'a/x.js', 'a/y.js', 'a/b/x.js', 'a/b/y.js', 'c', 'c/', 'c/x.js', 'c/y.js', `${cdn}u.js`, `${cdn}a/`]
const bases = [`${cdn}p1/`, `${cdn}p2/`, `${cdn}p1/b/`, 'https://other.example/']
const scopes = [`${cdn}npm:a@1/`, `${cdn}npm:b@1/`, `${cdn}npm:a@1/lib/`, cdn, `${cdn}npm:c@1/x.js`, 'https://other.example/s/', 'https://other.example/']

/** mulberry32: a small deterministic PRNG. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function generate(seed: number): object {
  const rnd = random(seed)
  const pick = <T>(items: T[]): T => items[Math.floor(rnd() * items.length)] as T
  const specifierMap = (): Record<string, string | null> => {
    const out: Record<string, string | null> = {}
    const count = Math.floor(rnd() * 6)
    // Most addresses of one specifier map share a folder, so subpaths can combine.
    const shared = pick(bases)
    for (let i = 0; i < count; i++) {
      const key = pick(keys)
      const bare = key.replace(cdn, '')
      const base = rnd() < 0.7 ? shared : pick(bases)
      out[key] = rnd() < 0.1 ? null : `${base}${rnd() < 0.7 ? bare.slice(bare.indexOf('/') + 1) : bare}`
    }
    return out
  }
  const map: { imports: Record<string, string | null>; scopes: Record<string, Record<string, string | null>> } = { imports: specifierMap(), scopes: {} }
  const scopeCount = Math.floor(rnd() * 5)
  for (let i = 0; i < scopeCount; i++) map.scopes[pick(scopes)] = specifierMap()
  return map
}

const seeds = Array.from({ length: 400 }, (_, i) => i + 1)

describe('edits keep every successful resolution on generated maps', () => {
  // [name, edit, how many of the maps it must change (so the check is not vacuous)]
  const ops: [string, (m: ImportMap) => unknown, number][] = [
    ['flatten', (m) => m.flatten(), 100],
    ['combineSubpaths', (m) => m.combineSubpaths(), 40],
    ['flatten then combineSubpaths', (m) => m.flatten().combineSubpaths(), 100],
  ]
  for (const [name, op, minimum] of ops) {
    it(name, () => {
      let edited = 0
      for (const seed of seeds) {
        const before = ImportMap.parse(generate(seed), 'https://app.example/index.html')
        const after = before.clone()
        op(after)
        expect(changedResolutions(before, after), `seed ${seed}`).toEqual({})
        if (JSON.stringify(after.toJSON()) !== JSON.stringify(before.toJSON())) edited++
      }
      expect(edited).toBeGreaterThanOrEqual(minimum)
    })
  }
})

describe('prune keeps the listed imports on generated maps', () => {
  it('resolves each listed import as before, successes and failures alike, and drops entries', () => {
    let dropped = 0
    for (const seed of seeds) {
      const before = ImportMap.parse(generate(seed), 'https://app.example/index.html')
      const rnd = random(seed * 7919)
      const { specifiers, parents } = probes(before)
      const imports = parents.flatMap((parent) => specifiers.filter(() => rnd() < 0.2).map((specifier) => ({ specifier, parent })))
      const after = before.clone().prune(imports)
      for (const { specifier, parent } of imports) expect(after.tryResolve(specifier, parent), `seed ${seed}: ${specifier} @ ${parent}`).toBe(before.tryResolve(specifier, parent))
      if ([...after.entries()].length < [...before.entries()].length) dropped++
    }
    expect(dropped).toBeGreaterThanOrEqual(200)
  })
})
