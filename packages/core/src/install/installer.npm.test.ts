import { describe, expect, it } from 'vitest'
import { createInstaller } from './installer.js'
import { fixtureSource, lockJson, lockOf, resolveTree } from './registry.fixture.js'
import type { Installer, InstallerOptions } from './types.js'

/**
 * The npm-compatibility scenarios: a primary or a secondary dependency, in or out of range, with
 * and without a lock; `install` (from the lock), `install pkg`, `update`, `update pkg`. Each
 * expected lock is what npm installs for the same package.json files and lockfile.
 */

type LockJson = { imports?: Record<string, string>; scopes?: Record<string, Record<string, string>> }

interface Scenario {
  name: string
  lock?: LockJson
  options?: Omit<InstallerOptions, 'lock'>
  act: (installer: Installer) => Promise<unknown>
  expected: LockJson
}

async function run(s: Scenario): Promise<LockJson> {
  const installer = createInstaller(fixtureSource(), { ...s.options, ...(s.lock ? { lock: lockOf(s.lock) } : {}) })
  await s.act(installer)
  return lockJson(installer.toLock())
}

// `npm install` with a lockfile: every top-level install reinstalled without a new range.
const reinstall = async (i: Installer): Promise<void> => {
  await i.installPrimaries([...i.toLock().primary.keys()].map((alias) => ({ alias })))
  await resolveTree(i)
}

const primaryScenarios: Scenario[] = [
  {
    name: 'install react@^18, no lock: the latest 18',
    act: (i) => i.installPrimary('react', '^18'),
    expected: { imports: { react: 'npm:react@18.3.1' }, scopes: {} },
  },
  {
    name: 'install react, no lock, no range: the `latest` dist-tag, never the prerelease',
    act: (i) => i.installPrimary('react'),
    expected: { imports: { react: 'npm:react@18.3.1' }, scopes: {} },
  },
  {
    name: 'install (from lock), locked primary in range: kept',
    lock: { imports: { react: 'npm:react@18.2.0' } },
    options: { project: { dependencies: { react: '^18.0.0' } } },
    act: reinstall,
    expected: { imports: { react: 'npm:react@18.2.0' }, scopes: {} },
  },
  {
    name: 'install (from lock), locked primary out of range: the latest in range',
    lock: { imports: { react: 'npm:react@17.0.2' } },
    options: { project: { dependencies: { react: '^18.0.0' } } },
    act: reinstall,
    expected: { imports: { react: 'npm:react@18.3.1' }, scopes: {} },
  },
  {
    name: 'install react (npm install <pkg>: latest-primaries), locked in range: the latest in range',
    lock: { imports: { react: 'npm:react@18.2.0' } },
    options: { project: { dependencies: { react: '^18.0.0' } } },
    act: (i) => i.installPrimary('react', undefined, { mode: 'latest-primaries' }),
    expected: { imports: { react: 'npm:react@18.3.1' }, scopes: {} },
  },
  {
    name: 'install react@^18 in default mode, locked in range: kept',
    lock: { imports: { react: 'npm:react@18.2.0' } },
    act: (i) => i.installPrimary('react', '^18'),
    expected: { imports: { react: 'npm:react@18.2.0' }, scopes: {} },
  },
  {
    name: 'install react@17 over a locked 18: the request wins',
    lock: { imports: { react: 'npm:react@18.2.0' } },
    act: (i) => i.installPrimary('react', '17'),
    expected: { imports: { react: 'npm:react@17.0.2' }, scopes: {} },
  },
  {
    name: 'update (all), locked primary: the latest in the project range',
    lock: { imports: { react: 'npm:react@18.2.0' } },
    options: { project: { dependencies: { react: '^18.0.0' } } },
    act: (i) => i.update(),
    expected: { imports: { react: 'npm:react@18.3.1' }, scopes: {} },
  },
  {
    name: 'update react, no project range: stays in the locked major (^17.0.1)',
    lock: { imports: { react: 'npm:react@17.0.1' } },
    act: (i) => i.update(['react']),
    expected: { imports: { react: 'npm:react@17.0.2' }, scopes: {} },
  },
  {
    name: 'install jsr:@std/path@1: a yanked version is never picked by a range',
    act: (i) => i.installPrimary('@std/path', 'jsr:@std/path@1'),
    expected: { imports: { '@std/path': 'jsr:@std/path@1.0.0' }, scopes: {} },
  },
  {
    name: 'install tagged: `latest` wins over a higher version in range',
    act: (i) => i.installPrimary('tagged', '*'),
    expected: { imports: { tagged: 'npm:tagged@1.0.0' }, scopes: {} },
  },
  {
    name: 'install tagged@next: a dist-tag selects its version, prerelease or not',
    act: (i) => i.installPrimary('tagged', 'next'),
    expected: { imports: { tagged: 'npm:tagged@3.0.0-beta.1' }, scopes: {} },
  },
  {
    name: 'install lib@^2.1.0-beta.0: a range naming a prerelease matches it',
    act: (i) => i.installPrimary('lib', '^2.1.0-beta.0'),
    expected: { imports: { lib: 'npm:lib@2.1.0-beta.1' }, scopes: {} },
  },
]

const appA = (lib?: string): LockJson => ({
  imports: { 'app-a': 'npm:app-a@1.0.0' },
  scopes: lib ? { 'npm:app-a@1.0.0': { lib } } : {},
})

const secondaryScenarios: Scenario[] = [
  {
    name: 'an inline registry specifier (jsr:@std/path@^0.225.0, as JSR modules import) needs no declaration: its own range',
    act: async (i) => i.resolveDependency(await i.installPrimary('app-a'), 'jsr:@std/path@^0.225.0'),
    expected: { imports: { 'app-a': 'npm:app-a@1.0.0' }, scopes: { 'npm:app-a@1.0.0': { 'jsr:@std/path@^0.225.0': 'jsr:@std/path@0.225.0' } } },
  },
  {
    name: 'update moves an inline registry specifier to the latest in its range',
    lock: { imports: { 'app-a': 'npm:app-a@1.0.0' }, scopes: { 'npm:app-a@1.0.0': { 'npm:preact@^10': 'npm:preact@10.19.0' } } },
    act: (i) => i.update(),
    expected: { imports: { 'app-a': 'npm:app-a@1.0.0' }, scopes: { 'npm:app-a@1.0.0': { 'npm:preact@^10': 'npm:preact@10.22.0' } } },
  },
  {
    name: 'secondary, no lock: the latest in its range (^1.0.0 → 1.9.0, not latest 2.0.0)',
    act: async (i) => (await i.installPrimary('app-a'), resolveTree(i)),
    expected: appA('npm:lib@1.9.0'),
  },
  {
    name: 'secondary, locked in range: kept',
    lock: appA('npm:lib@1.0.5'),
    act: reinstall,
    expected: appA('npm:lib@1.0.5'),
  },
  {
    name: 'secondary, locked out of range: the latest in range',
    lock: { imports: { 'app-c': 'npm:app-c@1.0.0' }, scopes: { 'npm:app-c@1.0.0': { lib: 'npm:lib@1.0.5' } } },
    act: reinstall,
    expected: { imports: { 'app-c': 'npm:app-c@1.0.0' }, scopes: { 'npm:app-c@1.0.0': { lib: 'npm:lib@1.9.0' } } },
  },
  {
    name: 'update lib: the locked secondary moves to the latest in its range',
    lock: appA('npm:lib@1.0.5'),
    act: (i) => i.update(['lib']),
    expected: appA('npm:lib@1.9.0'),
  },
  {
    name: 'update (all): primaries and secondaries move',
    lock: {
      imports: { 'app-a': 'npm:app-a@1.0.0', react: 'npm:react@18.2.0' },
      scopes: { 'npm:app-a@1.0.0': { lib: 'npm:lib@1.0.0' } },
    },
    act: (i) => i.update(),
    expected: {
      imports: { 'app-a': 'npm:app-a@1.0.0', react: 'npm:react@18.3.1' },
      scopes: { 'npm:app-a@1.0.0': { lib: 'npm:lib@1.9.0' } },
    },
  },
  {
    name: 'update react only: the locked secondary lib stays',
    lock: {
      imports: { 'app-a': 'npm:app-a@1.0.0', react: 'npm:react@18.2.0' },
      scopes: { 'npm:app-a@1.0.0': { lib: 'npm:lib@1.0.0' } },
    },
    act: (i) => i.update(['react']),
    expected: {
      imports: { 'app-a': 'npm:app-a@1.0.0', react: 'npm:react@18.3.1' },
      scopes: { 'npm:app-a@1.0.0': { lib: 'npm:lib@1.0.0' } },
    },
  },
  {
    name: 'secondary in range of the primary: the primary is shared',
    act: async (i) => (await i.installPrimaries([{ alias: 'lib', target: '1.2.0' }, { alias: 'app-a' }]), resolveTree(i)),
    expected: {
      imports: { 'app-a': 'npm:app-a@1.0.0', lib: 'npm:lib@1.2.0' },
      scopes: { 'npm:app-a@1.0.0': { lib: 'npm:lib@1.2.0' } },
    },
  },
  {
    name: 'secondary out of range of the primary: split into its scope',
    act: async (i) => (await i.installPrimaries([{ alias: 'lib', target: '^2.0.0' }, { alias: 'app-a' }]), resolveTree(i)),
    expected: {
      imports: { 'app-a': 'npm:app-a@1.0.0', lib: 'npm:lib@2.0.0' },
      scopes: { 'npm:app-a@1.0.0': { lib: 'npm:lib@1.9.0' } },
    },
  },
  {
    name: 'a version already installed is reused: ~1.0.0 first gives 1.0.5, then ^1.0.0 shares it',
    act: async (i) => {
      await i.installPrimaries([{ alias: 'app-a' }, { alias: 'app-b' }])
      await i.resolveDependency({ registry: 'npm', name: 'app-b', version: '1.0.0' }, 'lib')
      await i.resolveDependency({ registry: 'npm', name: 'app-a', version: '1.0.0' }, 'lib')
    },
    expected: {
      imports: { 'app-a': 'npm:app-a@1.0.0', 'app-b': 'npm:app-b@1.0.0' },
      scopes: { 'npm:app-a@1.0.0': { lib: 'npm:lib@1.0.5' }, 'npm:app-b@1.0.0': { lib: 'npm:lib@1.0.5' } },
    },
  },
  {
    name: 'breadth-first in name order: ^1.0.0 first takes 1.9.0, ~1.0.0 then needs its own 1.0.5 (as npm places them)',
    act: async (i) => (await i.installPrimaries([{ alias: 'app-a' }, { alias: 'app-b' }]), resolveTree(i)),
    expected: {
      imports: { 'app-a': 'npm:app-a@1.0.0', 'app-b': 'npm:app-b@1.0.0' },
      scopes: { 'npm:app-a@1.0.0': { lib: 'npm:lib@1.9.0' }, 'npm:app-b@1.0.0': { lib: 'npm:lib@1.0.5' } },
    },
  },
]

describe('installer: npm-compatible primaries', () => {
  for (const s of primaryScenarios) it(s.name, async () => expect(await run(s)).toEqual(s.expected))
})

describe('installer: npm-compatible secondaries', () => {
  for (const s of secondaryScenarios) it(s.name, async () => expect(await run(s)).toEqual(s.expected))
})
