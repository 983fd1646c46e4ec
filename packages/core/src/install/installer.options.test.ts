import { describe, expect, it } from 'vitest'
import { EsmapError } from '../errors.js'
import type { PackageJson } from '../types.js'
import { createInstaller } from './installer.js'
import { fixtureSource, lockJson, lockOf, resolveTree } from './registry.fixture.js'
import type { InstallChange, Installer, InstallerOptions, InstallMode, InstallWarning } from './types.js'

/** `singletons`, `resolutions` and the four install modes. */

type LockJson = { imports?: Record<string, string>; scopes?: Record<string, Record<string, string>> }

function installer(options: Omit<InstallerOptions, 'lock'> = {}, lock?: LockJson, folders?: Record<string, PackageJson>): Installer {
  return createInstaller(fixtureSource({ folders: folders ?? {} }), { ...options, ...(lock ? { lock: lockOf(lock) } : {}) })
}

describe('installer: singletons', () => {
  it('a split of a singleton is ESMAP_SINGLETON_CONFLICT, listing who wants which range; the state is unchanged', async () => {
    const i = installer({ singletons: ['react'] })
    await i.installPrimaries([{ alias: 'legacy-widget' }, { alias: 'react', target: '^18' }])
    const before = lockJson(i.toLock())
    const error = await resolveTree(i).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EsmapError)
    expect(error).toMatchObject({ code: 'ESMAP_SINGLETON_CONFLICT', specifier: 'react' })
    expect((error as EsmapError).message).toBe(
      '"react" is a singleton but would be installed in 2 versions:\n' +
        '  (root) wants react@^18 → 18.3.1\n' +
        '  npm:legacy-widget@1.0.0 wants react@^17.0.0 → 17.0.2\n' +
        '  Fix: make these ranges overlap, or pin one version for every package with resolutions: { "react": "<version>" }',
    )
    expect(lockJson(i.toLock())).toEqual(before)
  })

  const lock: LockJson = { imports: { 'hooks-lib': 'npm:hooks-lib@1.0.0', react: 'npm:react@18.2.0' } }
  const project = { dependencies: { 'hooks-lib': '^1.0.0', react: '^18.0.0' } }
  const cases: { name: string; singletons: string[]; expected: LockJson }[] = [
    {
      name: 'without singletons, a locked react stays and ^18.3.0 splits',
      singletons: [],
      expected: { imports: lock.imports, scopes: { 'npm:hooks-lib@1.0.0': { react: 'npm:react@18.3.1' } } },
    },
    {
      name: 'a singleton moves its locked version (in range of every constraint) instead of splitting',
      singletons: ['react'],
      expected: {
        imports: { 'hooks-lib': 'npm:hooks-lib@1.0.0', react: 'npm:react@18.3.1' },
        scopes: { 'npm:hooks-lib@1.0.0': { react: 'npm:react@18.3.1' } },
      },
    },
  ]
  for (const c of cases)
    it(c.name, async () => {
      const i = installer({ singletons: c.singletons, project }, lock)
      await i.installPrimaries([{ alias: 'hooks-lib' }, { alias: 'react' }])
      await resolveTree(i)
      expect(lockJson(i.toLock())).toEqual(c.expected)
    })

  it('a peer never splits a singleton: it takes the copy and warns', async () => {
    const i = installer({ singletons: ['react'] })
    await i.installPrimaries([{ alias: 'react', target: '17' }, { alias: 'react-dom', target: '^18' }])
    await resolveTree(i)
    expect(i.get({ registry: 'npm', name: 'react-dom', version: '18.3.1' }, 'react')).toEqual({ registry: 'npm', name: 'react', version: '17.0.2' })
    expect(i.warnings.map((w) => w.code)).toEqual(['ESMAP_PEER_CONFLICT'])
  })
})

describe('installer: resolutions', () => {
  const cases: { name: string; resolutions: Record<string, string>; install: string[]; expected: LockJson; warnings?: InstallWarning[] }[] = [
    {
      name: 'a version, at every nesting and over an explicit request',
      resolutions: { lib: '1.0.5' },
      install: ['app-a', 'app-c', 'lib@^2'],
      expected: {
        imports: { 'app-a': 'npm:app-a@1.0.0', 'app-c': 'npm:app-c@1.0.0', lib: 'npm:lib@1.0.5' },
        scopes: { 'npm:app-a@1.0.0': { lib: 'npm:lib@1.0.5' }, 'npm:app-c@1.0.0': { lib: 'npm:lib@1.0.5' } },
      },
      warnings: [{ code: 'ESMAP_RESOLUTION_OVERRIDE', message: 'install of lib@^2 as "lib" uses resolutions["lib"] (lib@1.0.5) instead' }],
    },
    {
      name: 'a range replaces every declared range',
      resolutions: { lib: '~1.2.0' },
      install: ['app-a', 'app-b'],
      expected: {
        imports: { 'app-a': 'npm:app-a@1.0.0', 'app-b': 'npm:app-b@1.0.0' },
        scopes: { 'npm:app-a@1.0.0': { lib: 'npm:lib@1.2.0' }, 'npm:app-b@1.0.0': { lib: 'npm:lib@1.2.0' } },
      },
    },
    {
      name: 'an alias to another package, also for peers',
      resolutions: { react: 'npm:preact@^10' },
      install: ['react', 'react-dom@^18'],
      expected: {
        imports: { react: 'npm:preact@10.22.0', 'react-dom': 'npm:react-dom@18.3.1' },
        scopes: { 'npm:react-dom@18.3.1': { react: 'npm:preact@10.22.0', scheduler: 'npm:scheduler@0.23.2' } },
      },
    },
    {
      name: "a local folder, whose own dependencies resolve from its package.json and its folder's URL",
      resolutions: { lib: 'file:../local-lib' },
      install: ['app-a'],
      expected: {
        imports: { 'app-a': 'npm:app-a@1.0.0' },
        scopes: {
          'file:///repo/local-lib/': { helper: 'file:///repo/helper/', scheduler: 'npm:scheduler@0.23.2' },
          'npm:app-a@1.0.0': { lib: 'file:///repo/local-lib/' },
        },
      },
    },
  ]
  const folders = {
    'file:///repo/local-lib/': { name: 'lib', dependencies: { helper: 'file:../helper', scheduler: '^0.23.0' } },
    'file:///repo/helper/': { name: 'helper' },
  }
  for (const c of cases)
    it(c.name, async () => {
      const i = installer({ resolutions: c.resolutions, baseUrl: 'file:///repo/app/' }, undefined, folders)
      const requests = c.install.map((spec) => {
        const at = spec.indexOf('@', 1)
        return at === -1 ? { alias: spec } : { alias: spec.slice(0, at), target: spec.slice(at + 1) }
      })
      await i.installPrimaries(requests)
      await resolveTree(i, folders)
      expect(lockJson(i.toLock())).toEqual(c.expected)
      expect(i.warnings).toEqual(c.warnings ?? [])
    })

  it('a resolution that is neither version, range, package nor folder is ESMAP_INVALID_RESOLUTION', () => {
    expect(() => createInstaller(fixtureSource(), { resolutions: { lib: 'git+https://example.com/lib.git' } })).toThrow(
      new EsmapError(
        'ESMAP_INVALID_RESOLUTION',
        'resolutions["lib"] is "git+https://example.com/lib.git", which is not a version, range, package or folder',
        {
          fix: 'give a version or range ("1.2.3", "^1.2"), a package ("npm:preact@^10"), or a folder URL (set baseUrl for a relative path)',
        },
      ).message,
    )
  })
})

describe('installer: install modes, reinstalling one lock', () => {
  const lock: LockJson = {
    imports: { 'app-a': 'npm:app-a@1.0.0', react: 'npm:react@18.2.0', 'react-dom': 'npm:react-dom@18.2.0' },
    scopes: {
      'npm:app-a@1.0.0': { lib: 'npm:lib@1.0.0' },
      'npm:react-dom@18.2.0': { react: 'npm:react@18.2.0', scheduler: 'npm:scheduler@0.23.0' },
    },
  }
  const project = { dependencies: { 'app-a': '^1.0.0', react: '^18.0.0', 'react-dom': '^18.0.0' } }
  const latestTop: LockJson = {
    imports: { 'app-a': 'npm:app-a@1.0.0', react: 'npm:react@18.3.1', 'react-dom': 'npm:react-dom@18.3.1' },
    scopes: {
      'npm:app-a@1.0.0': { lib: 'npm:lib@1.0.0' },
      'npm:react-dom@18.3.1': { react: 'npm:react@18.3.1', scheduler: 'npm:scheduler@0.23.2' },
    },
  }
  const upgrades: InstallChange[] = [
    { kind: 'upgraded', from: { registry: 'npm', name: 'react', version: '18.2.0' }, to: { registry: 'npm', name: 'react', version: '18.3.1' } },
    {
      kind: 'upgraded',
      from: { registry: 'npm', name: 'react-dom', version: '18.2.0' },
      to: { registry: 'npm', name: 'react-dom', version: '18.3.1' },
    },
    {
      kind: 'upgraded',
      from: { registry: 'npm', name: 'scheduler', version: '0.23.0' },
      to: { registry: 'npm', name: 'scheduler', version: '0.23.2' },
    },
  ]
  const lib = (from: string, to: string): InstallChange => ({
    kind: 'upgraded',
    from: { registry: 'npm', name: 'lib', version: from },
    to: { registry: 'npm', name: 'lib', version: to },
  })
  const cases: { mode: InstallMode; expected: LockJson; changes: InstallChange[] }[] = [
    { mode: 'default', expected: lock, changes: [] },
    { mode: 'freeze', expected: lock, changes: [] },
    { mode: 'latest-primaries', expected: latestTop, changes: upgrades },
    {
      mode: 'latest-all',
      expected: { imports: latestTop.imports, scopes: { ...latestTop.scopes, 'npm:app-a@1.0.0': { lib: 'npm:lib@1.9.0' } } },
      changes: [lib('1.0.0', '1.9.0'), ...upgrades],
    },
  ]
  for (const c of cases)
    it(c.mode, async () => {
      const i = installer({ mode: c.mode, project }, lock)
      await i.installPrimaries([{ alias: 'app-a' }, { alias: 'react' }, { alias: 'react-dom' }])
      await resolveTree(i)
      expect(lockJson(i.toLock())).toEqual(c.expected)
      expect(i.changes()).toEqual(c.changes)
      expect(i.warnings).toEqual([])
    })

  it('freeze keeps a locked version out of range, with a warning; default replaces it', async () => {
    const outOfRange: LockJson = { imports: { 'app-c': 'npm:app-c@1.0.0' }, scopes: { 'npm:app-c@1.0.0': { lib: 'npm:lib@1.0.5' } } }
    const results = []
    for (const mode of ['freeze', 'default'] as const) {
      const i = installer({ mode }, outOfRange)
      await i.installPrimaries([{ alias: 'app-c' }])
      await resolveTree(i)
      results.push({ lock: lockJson(i.toLock()), warnings: i.warnings })
    }
    expect(results).toEqual([
      {
        lock: outOfRange,
        warnings: [
          {
            code: 'ESMAP_LOCK_OUT_OF_RANGE',
            message: 'npm:app-c@1.0.0 wants lib@^1.2.0 but keeps the locked npm:lib@1.0.5 (freeze). Fix: install without freeze, or update "lib".',
          },
        ],
      },
      { lock: { ...outOfRange, scopes: { 'npm:app-c@1.0.0': { lib: 'npm:lib@1.9.0' } } }, warnings: [] },
    ])
  })

  it('a per-call mode overrides the installer mode', async () => {
    const i = installer({ mode: 'freeze', project }, lock)
    expect(await i.installPrimary('react', undefined, { mode: 'latest-primaries' })).toEqual({ registry: 'npm', name: 'react', version: '18.3.1' })
  })
})
