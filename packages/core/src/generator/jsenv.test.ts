/**
 * `jsenv-importmap-node-module` (../shared/conformance/), one `it` per expected import map, through
 * the `nodemodules` provider: the scenario's tree is rebuilt in a temp dir, and every resolution the
 * expected map makes for code of the tree (see `collectChecks`) must be esmap's too. Checks whose
 * expectation is jsenv-specific rather than Node's are left out with their reason; a case with
 * nothing left to compare is skipped with the reason.
 */
import { readFileSync } from 'node:fs'
import { mkdtemp, realpath, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { conformanceDir } from '@esmap/test-fixtures'
import { describe, expect, it } from 'vitest'
import { Generator } from './generator.js'
import { collectChecks, envFor, FOLDER_EXPORT, mapUrlOf, projectDir, writeTree, type Scenario } from './__tests__/jsenv.js'

const { scenarios } = JSON.parse(readFileSync(join(conformanceDir, 'jsenv-importmap-node-module/scenarios.json'), 'utf8')) as { scenarios: Scenario[] }

/** Whole cases that cannot be compared, and why. */
const skipCase: Record<string, string> = {
  '__internal__/updating_jsconfig': 'writes jsconfig.json paths from a hand-written map: there is no node_modules tree to generate from',
  'node_esm/package_manual_override': 'the upstream test passes packagesManualOverrides ({ bar: { main: "bar.js" } }); esmap has no package.json override option',
  'node_esm/root_package_self_file_dependency': 'the fixture has no node_modules/siesta: jsenv maps the file: devDependency ("../") where npm would link it',
}
const skipSnapshot = (snapshot: string): string | undefined =>
  snapshot.includes('prefer_require')
    ? 'importers resolve with the require condition (jsenv\'s preferRequire); esmap resolves ES module importers with import, as browsers load them'
    : undefined

/** Specifiers left out of the trace in one scenario, and why. */
const ignore: Record<string, { specifiers: string[]; reason: string }> = {
  'node_esm/dependency_package_shared_indirect': { specifiers: ['/bar.js'], reason: 'root-relative: the package\'s "importmap" field (a jsenv extension) maps it; on disk it is file:///bar.js' },
  'node_esm/field_exports_pattern_extensionless': { specifiers: ['file'], reason: 'jsenv reads a bare "file" as the package\'s own "./*" export; Node reads it as a package named file' },
}

/** The env of a snapshot, where the upstream test passed conditions its name does not tell. */
const envOverride: Record<string, string[]> = {
  // Its only `import` target is under `development`, so the upstream test must pass that condition.
  'node_esm/field_exports_branch root/node.importmap': ['node', 'development', 'module'],
}

const cases = scenarios.flatMap((scenario) => Object.entries(scenario.importmapSnapshots).map(([snapshot, map]) => ({ scenario, snapshot, map })))

describe('jsenv-importmap-node-module through the nodemodules provider', () => {
  for (const { scenario, snapshot, map } of cases) {
    const name = `${scenario.scenario} ${snapshot}`
    const reason = skipCase[scenario.scenario] ?? skipSnapshot(snapshot)
    if (reason) {
      it.skip(`${name} — ${reason}`, () => {})
      continue
    }
    // The checks are known before the tree exists (only their URLs depend on where it is written).
    const planned = collectChecks(scenario, '/plan', snapshot, map).filter(([check, why]) => why === undefined && !ignore[scenario.scenario]?.specifiers.includes(check.specifier))
    if (planned.length === 0) {
      it.skip(`${name} — nothing to compare: the expected map holds only jsenv's self-mappings, folder entries or package.json "importmap" fields`, () => {})
      continue
    }
    it(name, async () => {
      const root = await realpath(await mkdtemp(join(tmpdir(), 'esmap-jsenv-')))
      try {
        await writeTree(root, scenario)
        const all = collectChecks(scenario, root, snapshot, map)
        // What jsenv resolves through folder exports fails in Node: left out of the trace too, so the stubs importing it can be traced.
        const ignored = new Set([...(ignore[scenario.scenario]?.specifiers ?? []), ...all.filter(([, why]) => why === FOLDER_EXPORT).map(([check]) => check.specifier)])
        const checks = all.filter(([check, why]) => why === undefined && !ignored.has(check.specifier)).map(([check]) => check)
        const project = projectDir(scenario, snapshot)
        const projectJson = scenario.packageJson[`${project}package.json`]
        const generator = new Generator({
          mapUrl: mapUrlOf(root, scenario, snapshot),
          cwd: join(root, project),
          defaultProvider: 'nodemodules',
          env: envOverride[name] ?? envFor(snapshot),
          packageJson: projectJson && !('__unparseable__' in projectJson) ? projectJson : undefined,
          ignore: [...ignored],
          cache: false,
        })
        const failures: string[] = []
        for (const check of checks.filter((c) => !c.remap)) {
          await generator.link(check.specifier, check.parentUrl).catch((err: Error) => failures.push(`${check.specifier} from ${check.parentUrl}: ${err.message}`))
        }
        const actual = checks.map((c) => `${c.specifier} from ${c.parentUrl.slice(root.length + 7)} → ${(generator.importMap.tryResolve(c.specifier, c.parentUrl) ?? 'unresolved').replace(`file://${root}`, '')}`)
        const wanted = checks.map((c) => `${c.specifier} from ${c.parentUrl.slice(root.length + 7)} → ${c.expected.replace(`file://${root}`, '')}`)
        expect(failures).toEqual([])
        expect(actual).toEqual(wanted)
      } finally {
        await rm(root, { recursive: true, force: true })
      }
    })
  }
})
