import { describe, expect, it } from 'vitest'
import { EsmapError } from '../errors.js'
import { createInstaller } from './installer.js'
import { fixtureSource, lockJson, lockOf, resolveTree } from './registry.fixture.js'
import type { FixtureSourceOptions } from './registry.fixture.js'
import type { PrimaryRequest } from './types.js'

/** Determinism, metadata requests, errors, and the lock's life: uninstall, prune, changes. */

const requests: PrimaryRequest[] = [
  { alias: 'app-a' },
  { alias: 'app-c' },
  { alias: 'legacy-widget' },
  { alias: 'react', target: '^18' },
  { alias: 'react-dom', target: '^18' },
  { alias: 'ui-kit' },
]

const tree = {
  imports: {
    'app-a': 'npm:app-a@1.0.0',
    'app-c': 'npm:app-c@1.0.0',
    'legacy-widget': 'npm:legacy-widget@1.0.0',
    react: 'npm:react@18.3.1',
    'react-dom': 'npm:react-dom@18.3.1',
    'ui-kit': 'npm:ui-kit@2.0.0',
  },
  scopes: {
    'npm:app-a@1.0.0': { lib: 'npm:lib@1.9.0' },
    'npm:app-c@1.0.0': { lib: 'npm:lib@1.9.0' },
    'npm:legacy-widget@1.0.0': { react: 'npm:react@17.0.2', 'react-dom': 'npm:react-dom@17.0.2' },
    'npm:react-dom@17.0.2': { react: 'npm:react@17.0.2', scheduler: 'npm:scheduler@0.20.2' },
    'npm:react-dom@18.3.1': { react: 'npm:react@18.3.1', scheduler: 'npm:scheduler@0.23.2' },
    'npm:ui-kit@2.0.0': { lib: 'npm:lib@1.9.0', react: 'npm:react@18.3.1', 'react-dom': 'npm:react-dom@18.3.1' },
  },
}

async function installTree(order: PrimaryRequest[], source: FixtureSourceOptions = {}): Promise<string> {
  const installer = createInstaller(fixtureSource(source))
  await installer.installPrimaries(order)
  await resolveTree(installer)
  // JSON text, so that key order is compared too.
  return JSON.stringify(lockJson(installer.toLock()))
}

describe('installer: determinism', () => {
  const slowFirst = (request: string): number => (request.includes('app-a') || request.includes('lib') ? 15 : 1)
  const slowLast = (request: string): number => (request.includes('ui-kit') || request.includes('react') ? 15 : 1)
  const variants: { name: string; order: PrimaryRequest[]; source: FixtureSourceOptions }[] = [
    { name: 'requests in name order', order: requests, source: {} },
    { name: 'requests reversed, version lists and dependency maps reversed', order: [...requests].reverse(), source: { reversed: true } },
    { name: 'answers arriving in one order', order: requests, source: { delay: slowFirst } },
    { name: 'answers arriving in another order', order: [...requests].reverse(), source: { delay: slowLast } },
  ]
  for (const v of variants) it(`${v.name}: the same lock, byte for byte`, async () => expect(await installTree(v.order, v.source)).toBe(JSON.stringify(tree)))

  it('a lock given in any insertion order serializes the same, and a reinstall reproduces it', async () => {
    const shuffled = lockOf({
      scopes: Object.fromEntries(Object.entries(tree.scopes).reverse().map(([k, v]) => [k, Object.fromEntries(Object.entries(v).reverse())])),
      imports: Object.fromEntries(Object.entries(tree.imports).reverse()),
    })
    const installer = createInstaller(fixtureSource(), { lock: shuffled, project: { dependencies: { react: '^18', 'react-dom': '^18' } } })
    expect(JSON.stringify(lockJson(installer.toLock()))).toBe(JSON.stringify(tree))
    await installer.installPrimaries([...shuffled.primary.keys()].map((alias) => ({ alias })))
    await resolveTree(installer)
    expect(JSON.stringify(lockJson(installer.toLock()))).toBe(JSON.stringify(tree))
    expect(installer.changes()).toEqual([])
  })
})

describe('installer: metadata requests', () => {
  it('asks for each version list and each package.json once', async () => {
    const source = fixtureSource({ delay: () => 2 })
    const installer = createInstaller(source)
    // `react18` and `react` want the same version list at the same time.
    await installer.installPrimaries([...requests, { alias: 'react18', target: 'npm:react@^18.2.0' }])
    await resolveTree(installer)
    await installer.update()
    expect([...source.requests].sort()).toEqual([
      'packageJson npm:app-a@1.0.0',
      'packageJson npm:app-c@1.0.0',
      'packageJson npm:legacy-widget@1.0.0',
      'packageJson npm:react-dom@17.0.2',
      'packageJson npm:react-dom@18.3.1',
      'packageJson npm:ui-kit@2.0.0',
      'versions npm:app-a',
      'versions npm:app-c',
      'versions npm:legacy-widget',
      'versions npm:lib',
      'versions npm:react',
      'versions npm:react-dom',
      'versions npm:scheduler',
      'versions npm:ui-kit',
    ])
  })
})

describe('installer: errors name the specifier, the importer and the fix', () => {
  const sloppy = { registry: 'npm', name: 'sloppy', version: '1.0.0' }
  const cases: { name: string; act: (i: ReturnType<typeof createInstaller>) => Promise<unknown>; code: string; message: string }[] = [
    {
      name: 'a dependency the importer does not declare',
      act: (i) => i.resolveDependency(sloppy, 'lodash'),
      code: 'ESMAP_UNDECLARED_DEPENDENCY',
      message:
        '"lodash" is not declared as a dependency (imported by npm:sloppy@1.0.0)\n' +
        '  Fix: add "lodash" to "dependencies" (or "peerDependencies") in the package.json of npm:sloppy@1.0.0, or pin it for every package with resolutions: { "lodash": "<version>" }',
    },
    {
      name: 'a declared package the registry does not know',
      act: (i) => i.resolveDependency(sloppy, 'not-published'),
      code: 'ESMAP_PACKAGE_NOT_FOUND',
      message:
        'Package npm:not-published was not found (imported by npm:sloppy@1.0.0)\n' +
        '  Fix: check the spelling of "not-published", or map it to another package or a folder with resolutions',
    },
    {
      name: 'a dependency spec that is neither range, package nor folder',
      act: (i) => i.resolveDependency(sloppy, 'gitdep'),
      code: 'ESMAP_UNSUPPORTED_DEPENDENCY',
      message:
        '"gitdep": "github:user/repo" is not a version, range, registry package or folder (imported by npm:sloppy@1.0.0)\n' +
        '  Fix: map "gitdep" to a version, a package or a folder with resolutions (a relative folder needs the baseUrl option)',
    },
    {
      name: 'a range no published version satisfies',
      act: (i) => i.installPrimary('react', '^20'),
      code: 'ESMAP_NO_MATCHING_VERSION',
      message:
        'No version of npm:react matches "^20" (latest is 18.3.1) (imported by the project)\n' +
        '  Fix: widen the range in the package.json of the project, or pin a published version with resolutions: { "react": "<version>" }',
    },
    {
      name: 'a parent whose package.json does not exist',
      act: (i) => i.resolveDependency({ registry: 'npm', name: 'react', version: '99.0.0' }, 'x'),
      code: 'ESMAP_PACKAGE_JSON_NOT_FOUND',
      message:
        '"x" has no range: the package.json of its importer was not found (imported by npm:react@99.0.0)\n' +
        '  Fix: check that npm:react@99.0.0 is published, or pin "x" with resolutions: { "x": "<version>" }',
    },
  ]
  for (const c of cases)
    it(c.name, async () => {
      const installer = createInstaller(fixtureSource())
      const error = await c.act(installer).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(EsmapError)
      expect(error).toMatchObject({ code: c.code, message: c.message })
      expect(lockJson(installer.toLock())).toEqual({ imports: {}, scopes: {} })
    })
})

describe('installer: uninstall, prune, changes, get', () => {
  const lock = {
    imports: { react: 'npm:react@18.3.1', 'react-dom': 'npm:react-dom@18.3.1' },
    scopes: { 'npm:react-dom@18.3.1': { react: 'npm:react@18.3.1', scheduler: 'npm:scheduler@0.23.2' } },
  }

  it('uninstall drops the primary; prune drops what is no longer reachable; changes lists both', () => {
    const installer = createInstaller(fixtureSource(), { lock: lockOf(lock) })
    installer.uninstall(['react-dom', 'vue'])
    expect(lockJson(installer.toLock())).toEqual({ imports: { react: 'npm:react@18.3.1' }, scopes: lock.scopes })
    installer.prune()
    expect(lockJson(installer.toLock())).toEqual({ imports: { react: 'npm:react@18.3.1' }, scopes: {} })
    expect(installer.changes()).toEqual([
      { kind: 'removed', package: { registry: 'npm', name: 'react-dom', version: '18.3.1' } },
      { kind: 'removed', package: { registry: 'npm', name: 'scheduler', version: '0.23.2' } },
    ])
    expect(installer.warnings).toEqual([{ code: 'ESMAP_NOT_INSTALLED', message: 'uninstall: "vue" is not a top-level install' }])
  })

  it('prune keeps exactly the scopes it is given', () => {
    const installer = createInstaller(fixtureSource(), { lock: lockOf(lock) })
    installer.prune(['npm:react@18.3.1'])
    expect(lockJson(installer.toLock())).toEqual({ imports: lock.imports, scopes: {} })
  })

  it('get reads one scope, without falling back to the top level', () => {
    const installer = createInstaller(fixtureSource(), { lock: lockOf(lock) })
    const reactDom = { registry: 'npm', name: 'react-dom', version: '18.3.1' }
    expect([installer.get(null, 'react-dom'), installer.get(reactDom, 'scheduler'), installer.get(reactDom, 'react-dom')]).toEqual([
      reactDom,
      { registry: 'npm', name: 'scheduler', version: '0.23.2' },
      undefined,
    ])
  })

  it('an install then its uninstall leaves no change', async () => {
    const installer = createInstaller(fixtureSource(), { lock: lockOf(lock) })
    await installer.installPrimary('lib', '^1')
    expect(installer.changes()).toEqual([{ kind: 'added', package: { registry: 'npm', name: 'lib', version: '1.9.0' } }])
    installer.uninstall(['lib'])
    expect(installer.changes()).toEqual([])
  })
})
