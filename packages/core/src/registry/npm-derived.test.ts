import { describe, expect, it } from 'vitest'
import { compactPackument, expandPackument, expandVersion, keptInMemory, publishedPackageJson } from './npm-derived.js'

describe('compactPackument / expandVersion', () => {
  const doc = {
    name: '@s/a',
    readme: 'x'.repeat(1000),
    time: { '1.0.0': '2020-01-01' },
    'dist-tags': { latest: '1.0.0', bad: 3 },
    versions: {
      '1.0.0': {
        name: '@s/a',
        version: '1.0.0',
        exports: './index.js',
        scripts: { test: 'x' },
        dependencies: { b: '^1' },
        peerDependencies: { c: '*' },
        peerDependenciesMeta: { c: { optional: true } },
        optionalDependencies: { d: '1' },
        devDependencies: { e: '1' },
        deprecated: 'use 2',
        dist: { tarball: 'https://r.test/npm/@s/a/-/a-1.0.0.tgz', integrity: 'sha512-x', shasum: 'ab', fileCount: 3 },
      },
      '0.1.0': { name: '@s/a', version: '0.1.0', dist: { tarball: 'https://elsewhere.test/a.tgz', shasum: 'cd' } },
      broken: 'not an object',
    },
  }

  it('keeps dist-tags, dependency fields, deprecated and what dist needs; drops the rest and what can be rebuilt', () => {
    expect(compactPackument('@s/a', doc)).toEqual({
      name: '@s/a',
      'dist-tags': { latest: '1.0.0' },
      tarballBase: 'https://r.test/npm/',
      versions: {
        '1.0.0': { integrity: 'sha512-x', dependencies: { b: '^1' }, peerDependencies: { c: '*' }, peerDependenciesMeta: { c: { optional: true } }, optionalDependencies: { d: '1' }, deprecated: 'use 2' },
        '0.1.0': { tarball: 'https://elsewhere.test/a.tgz', shasum: 'cd' },
      },
    })
  })

  it('gives each version back as the registry listed it (for what installs read)', () => {
    const compact = compactPackument('@s/a', doc)
    expect(expandVersion(compact, '1.0.0')).toEqual({
      name: '@s/a',
      version: '1.0.0',
      dependencies: { b: '^1' },
      peerDependencies: { c: '*' },
      peerDependenciesMeta: { c: { optional: true } },
      optionalDependencies: { d: '1' },
      deprecated: 'use 2',
      dist: { tarball: 'https://r.test/npm/@s/a/-/a-1.0.0.tgz', integrity: 'sha512-x' },
    })
    expect(expandVersion(compact, '0.1.0')).toEqual({ name: '@s/a', version: '0.1.0', dist: { tarball: 'https://elsewhere.test/a.tgz', shasum: 'cd' } })
    expect(expandVersion(compact, '9.9.9')).toBeUndefined()
    expect(Object.keys(expandPackument(compact).versions)).toEqual(['1.0.0', '0.1.0'])
  })
})

describe('publishedPackageJson', () => {
  const entry = { name: 'a', version: '1.0.0', dependencies: { b: '^2' }, dist: { tarball: 't', integrity: 'sha512-x' } }

  it("is the tarball's package.json with the registry's name, version, dist and dependency fields", () => {
    const tarball = { name: 'a', version: '1.0.0', type: 'module', exports: { '.': './i.js' }, dependencies: { b: '^1' }, peerDependencies: { old: '*' } }
    expect(publishedPackageJson(entry, tarball)).toEqual({ name: 'a', version: '1.0.0', type: 'module', exports: { '.': './i.js' }, dependencies: { b: '^2' }, dist: entry.dist })
  })

  it("is the registry's entry when the tarball has no readable package.json", () => {
    expect(publishedPackageJson(entry, undefined)).toBe(entry)
  })
})

describe('keptInMemory', () => {
  it.each([
    ['index.js', true],
    ['dist/a.mjs', true],
    ['lib/b.cjs', true],
    ['data.json', true],
    ['style.css', true],
    ['add.wasm', true],
    ['bin/cli', true],
    ['index.js.map', false],
    ['index.d.ts', false],
    ['types/a.d.mts', false],
    ['src/a.ts', false],
    ['README.md', false],
    ['LICENSE', false],
    ['docs/LICENSE-MIT.txt', false],
    ['icons/a.svg', false],
    ['scss/_a.scss', false],
  ])('%s → %s', (path, kept) => expect(keptInMemory(path)).toBe(kept))
})
