import { describe, expect, it } from 'vitest'
import { createInstaller } from './installer.js'
import { fixtureSource, lockJson, lockOf, resolveTree } from './registry.fixture.js'
import type { Installer, InstallerOptions, InstallWarning } from './types.js'

/** Upgrade-shared, split-on-conflict and peer dedupe, each with the exact lock expected. */

type LockJson = { imports?: Record<string, string>; scopes?: Record<string, Record<string, string>> }

interface Scenario {
  name: string
  lock?: LockJson
  options?: Omit<InstallerOptions, 'lock'>
  act: (installer: Installer) => Promise<unknown>
  expected: LockJson
  warnings?: InstallWarning[]
}

async function run(s: Scenario): Promise<{ lock: LockJson; warnings: readonly InstallWarning[] }> {
  const installer = createInstaller(fixtureSource(), { ...s.options, ...(s.lock ? { lock: lockOf(s.lock) } : {}) })
  await s.act(installer)
  return { lock: lockJson(installer.toLock()), warnings: installer.warnings }
}

const appC = { registry: 'npm', name: 'app-c', version: '1.0.0' }
// app-b's locked lib@1.0.0 is the only lib installed; a top-level `lib@<range>` reuses it.
const appBLocked: LockJson = { imports: { 'app-b': 'npm:app-b@1.0.0' }, scopes: { 'npm:app-b@1.0.0': { lib: 'npm:lib@1.0.0' } } }

const upgradeScenarios: Scenario[] = [
  {
    name: 'a later ^1.2.0 moves the (unlocked) primary at 1.0.0 to the best 1.x for both; the locked edge stays',
    lock: appBLocked,
    act: async (i) => {
      expect(await i.installPrimary('lib', '^1.0.0')).toEqual({ registry: 'npm', name: 'lib', version: '1.0.0' })
      await i.installPrimary('app-c')
      await i.resolveDependency(appC, 'lib')
    },
    expected: {
      imports: { 'app-b': 'npm:app-b@1.0.0', 'app-c': 'npm:app-c@1.0.0', lib: 'npm:lib@1.9.0' },
      scopes: { 'npm:app-b@1.0.0': { lib: 'npm:lib@1.0.0' }, 'npm:app-c@1.0.0': { lib: 'npm:lib@1.9.0' } },
    },
  },
  {
    name: 'the upgrade takes the best version every constraint allows (<1.5.0 and ^1.2.0 → 1.2.0)',
    lock: appBLocked,
    act: async (i) => {
      await i.installPrimary('lib', '>=1.0.0 <1.5.0')
      await i.installPrimary('app-c')
      await i.resolveDependency(appC, 'lib')
    },
    expected: {
      imports: { 'app-b': 'npm:app-b@1.0.0', 'app-c': 'npm:app-c@1.0.0', lib: 'npm:lib@1.2.0' },
      scopes: { 'npm:app-b@1.0.0': { lib: 'npm:lib@1.0.0' }, 'npm:app-c@1.0.0': { lib: 'npm:lib@1.2.0' } },
    },
  },
  {
    name: 'a locked primary in range stays; the new range splits into its scope',
    lock: { imports: { 'app-c': 'npm:app-c@1.0.0', lib: 'npm:lib@1.0.0' } },
    options: { project: { dependencies: { 'app-c': '^1.0.0', lib: '^1.0.0' } } },
    act: async (i) => {
      await i.installPrimaries([{ alias: 'app-c' }, { alias: 'lib' }])
      await resolveTree(i)
    },
    expected: {
      imports: { 'app-c': 'npm:app-c@1.0.0', lib: 'npm:lib@1.0.0' },
      scopes: { 'npm:app-c@1.0.0': { lib: 'npm:lib@1.9.0' } },
    },
  },
  {
    name: 'freeze never upgrades to dedupe: the new range splits',
    lock: appBLocked,
    options: { mode: 'freeze' },
    act: async (i) => {
      await i.installPrimary('lib', '^1.0.0')
      await i.installPrimary('app-c')
      await i.resolveDependency(appC, 'lib')
    },
    expected: {
      imports: { 'app-b': 'npm:app-b@1.0.0', 'app-c': 'npm:app-c@1.0.0', lib: 'npm:lib@1.0.0' },
      scopes: { 'npm:app-b@1.0.0': { lib: 'npm:lib@1.0.0' }, 'npm:app-c@1.0.0': { lib: 'npm:lib@1.9.0' } },
    },
  },
  {
    name: 'split on conflict: ^2 at the top, ^1.0.0 and ^1.2.0 share 1.9.0 in their scopes',
    act: async (i) => {
      await i.installPrimaries([{ alias: 'app-a' }, { alias: 'app-c' }, { alias: 'lib', target: '^2.0.0' }])
      await resolveTree(i)
    },
    expected: {
      imports: { 'app-a': 'npm:app-a@1.0.0', 'app-c': 'npm:app-c@1.0.0', lib: 'npm:lib@2.0.0' },
      scopes: { 'npm:app-a@1.0.0': { lib: 'npm:lib@1.9.0' }, 'npm:app-c@1.0.0': { lib: 'npm:lib@1.9.0' } },
    },
  },
]

const react18 = { registry: 'npm', name: 'react-dom', version: '18.3.1' }

const peerScenarios: Scenario[] = [
  {
    name: "react-dom's peer react resolves to the primary react",
    act: async (i) => {
      await i.installPrimaries([{ alias: 'react', target: '^18' }, { alias: 'react-dom', target: '^18' }])
      await resolveTree(i)
    },
    expected: {
      imports: { react: 'npm:react@18.3.1', 'react-dom': 'npm:react-dom@18.3.1' },
      scopes: { 'npm:react-dom@18.3.1': { react: 'npm:react@18.3.1', scheduler: 'npm:scheduler@0.23.2' } },
    },
    warnings: [],
  },
  {
    name: "a peer out of range still takes the importer's copy, with a warning naming both ranges",
    act: async (i) => {
      await i.installPrimaries([{ alias: 'react', target: '17' }, { alias: 'react-dom', target: '^18' }])
      await resolveTree(i)
    },
    expected: {
      imports: { react: 'npm:react@17.0.2', 'react-dom': 'npm:react-dom@18.3.1' },
      scopes: { 'npm:react-dom@18.3.1': { react: 'npm:react@17.0.2', scheduler: 'npm:scheduler@0.23.2' } },
    },
    warnings: [
      {
        code: 'ESMAP_PEER_CONFLICT',
        message:
          'npm:react-dom@18.3.1 wants peer react@^18.3.1, but its importer (root) resolves "react" to npm:react@17.0.2 (react@17); ' +
          'using that copy (npm 7+ stops here with ERESOLVE). Fix: align the ranges, or pin "react" with resolutions.',
      },
    ],
  },
  {
    name: "a nested react-dom takes its importer's react, not the primary",
    act: async (i) => {
      await i.installPrimaries([{ alias: 'legacy-widget' }, { alias: 'react', target: '^18' }])
      await resolveTree(i)
    },
    expected: {
      imports: { 'legacy-widget': 'npm:legacy-widget@1.0.0', react: 'npm:react@18.3.1' },
      scopes: {
        'npm:legacy-widget@1.0.0': { react: 'npm:react@17.0.2', 'react-dom': 'npm:react-dom@17.0.2' },
        'npm:react-dom@17.0.2': { react: 'npm:react@17.0.2', scheduler: 'npm:scheduler@0.20.2' },
      },
    },
    warnings: [],
  },
  {
    name: "a peer resolved before its importer's own copy follows that copy once it is chosen",
    act: async (i) => {
      await i.installPrimaries([{ alias: 'legacy-widget' }, { alias: 'react', target: '^18' }])
      const widget = { registry: 'npm', name: 'legacy-widget', version: '1.0.0' }
      const reactDom = await i.resolveDependency(widget, 'react-dom')
      // The widget has no react yet: the peer falls back to the top level's 18.3.1, for now.
      expect(await i.resolveDependency(reactDom, 'react')).toEqual({ registry: 'npm', name: 'react', version: '18.3.1' })
      expect(i.warnings.map((w) => w.code)).toEqual(['ESMAP_PEER_CONFLICT'])
      await i.resolveDependency(widget, 'react')
    },
    expected: {
      imports: { 'legacy-widget': 'npm:legacy-widget@1.0.0', react: 'npm:react@18.3.1' },
      scopes: {
        'npm:legacy-widget@1.0.0': { react: 'npm:react@17.0.2', 'react-dom': 'npm:react-dom@17.0.2' },
        'npm:react-dom@17.0.2': { react: 'npm:react@17.0.2' },
      },
    },
    warnings: [],
  },
  {
    name: 'every peer of ui-kit dedupes to the primaries',
    act: async (i) => {
      await i.installPrimaries([{ alias: 'react', target: '^18' }, { alias: 'react-dom', target: '^18' }, { alias: 'ui-kit' }])
      await resolveTree(i)
    },
    expected: {
      imports: { react: 'npm:react@18.3.1', 'react-dom': 'npm:react-dom@18.3.1', 'ui-kit': 'npm:ui-kit@2.0.0' },
      scopes: {
        'npm:react-dom@18.3.1': { react: 'npm:react@18.3.1', scheduler: 'npm:scheduler@0.23.2' },
        'npm:ui-kit@2.0.0': { lib: 'npm:lib@1.9.0', react: 'npm:react@18.3.1', 'react-dom': 'npm:react-dom@18.3.1' },
      },
    },
    warnings: [],
  },
  {
    name: 'a peer nobody provides is installed like a dependency',
    act: (i) => i.resolveDependency(react18, 'react'),
    expected: { imports: {}, scopes: { 'npm:react-dom@18.3.1': { react: 'npm:react@18.3.1' } } },
    warnings: [],
  },
  {
    name: "a peer follows its importer's copy when that moves (update react)",
    lock: {
      imports: { react: 'npm:react@18.2.0', 'react-dom': 'npm:react-dom@18.2.0' },
      scopes: { 'npm:react-dom@18.2.0': { react: 'npm:react@18.2.0', scheduler: 'npm:scheduler@0.23.0' } },
    },
    act: async (i) => {
      await i.installPrimaries([{ alias: 'react' }, { alias: 'react-dom' }])
      await resolveTree(i)
      await i.update(['react'])
    },
    expected: {
      imports: { react: 'npm:react@18.3.1', 'react-dom': 'npm:react-dom@18.2.0' },
      scopes: { 'npm:react-dom@18.2.0': { react: 'npm:react@18.3.1', scheduler: 'npm:scheduler@0.23.0' } },
    },
    warnings: [],
  },
]

describe('installer: upgrade shared versions, split on conflict', () => {
  for (const s of upgradeScenarios) it(s.name, async () => expect((await run(s)).lock).toEqual(s.expected))
})

describe('installer: peer dependencies', () => {
  for (const s of peerScenarios)
    it(s.name, async () => {
      const { lock, warnings } = await run(s)
      expect(lock).toEqual(s.expected)
      expect(warnings).toEqual(s.warnings)
    })
})
