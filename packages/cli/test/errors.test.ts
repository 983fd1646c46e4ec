import { mkdir, readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFixtureServer, type FixtureServer } from '@esmap/test-fixtures'
import { esmap, fixtureFlags, project } from './run.js'

let server: FixtureServer
beforeAll(async () => {
  server = await startFixtureServer()
})
afterAll(() => server.close())

const lockFile = JSON.stringify({ imports: { app: './app.js' } }, null, 2)

/** Every file under a directory with its content, the cache left out. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name)
    if (entry.isFile() && !path.includes('.cache')) out[path.slice(dir.length + 1)] = await readFile(path, 'utf8')
  }
  return out
}

interface Case {
  args: string[]
  files?: Record<string, string>
  dirs?: string[]
  code: 1 | 2
  stderr: (dir: string) => string
}

const cases: Record<string, Case> = {
  'a package that does not exist': {
    args: ['install', 'fx-nope'],
    code: 1,
    stderr: () => 'error ESMAP_PACKAGE_NOT_FOUND: Package npm:fx-nope was not found (imported by the project)\n  Fix: check the spelling of "fx-nope", or map it to another package or a folder with resolutions\n',
  },
  'a range nothing matches': {
    args: ['install', 'fx-dep@9'],
    code: 1,
    stderr: () => 'error ESMAP_NO_MATCHING_VERSION: No version of npm:fx-dep matches "9" (latest is 2.1.0) (imported by the project)\n  Fix: widen the range in the package.json of the project, or pin a published version with resolutions: { "fx-dep": "<version>" }\n',
  },
  'an invalid target': {
    args: ['install', 'fx-dep', 'Bad Name!'],
    code: 2,
    stderr: () => 'error ESMAP_INVALID_TARGET: Invalid install target "Bad Name!": package name "Bad Name!" is invalid: name can no longer contain capital letters\n  Fix: use the package name as published on npm (lowercase, URL-safe)\nRun "esmap install --help" for usage.\n',
  },
  'an unknown provider': {
    args: ['install', 'fx-dep', '-p', 'nope', '--registry', 'http://127.0.0.1:9/'],
    code: 2,
    stderr: () =>
      'error ESMAP_UNKNOWN_PROVIDER: No provider named "nope"\n  Fix: Use one of "jspm.io", "jsdelivr", "unpkg", "esm.sh", "skypack", "jsr", "deno", "nodemodules", "self", "esmap", "auto", or define it in customProviders.\nRun "esmap install --help" for usage.\n',
  },
  'an invalid resolution': {
    args: ['install', 'fx-dep', '-r', 'fx-dep=https://'],
    code: 2,
    stderr: () => expect.stringMatching(/^error ESMAP_INVALID_RESOLUTION: resolutions\["fx-dep"\] is "https:\/\/", which is not a version, range, package or folder\n {2}Fix: .+\nRun "esmap install --help" for usage\.\n$/) as unknown as string,
  },
  'a map that is not JSON': {
    args: ['install', 'fx-dep'],
    files: { 'importmap.json': '{"imports": ' },
    code: 2,
    stderr: (dir) =>
      `error ESMAP_IMPORT_MAP_INVALID: The map ${dir}/importmap.json is not valid JSON: Unexpected end of JSON input\n  Fix: Fix the JSON (double-quoted keys and strings, no trailing commas or comments), or delete the file to start from an empty map.\nRun "esmap install --help" for usage.\n`,
  },
  'a map that is not an import map': {
    args: ['update', '-m', 'map.json'],
    files: { 'map.json': '{"imports": 5}' },
    code: 2,
    stderr: (dir) => `error ESMAP_IMPORT_MAP_INVALID: Invalid import map at file://${dir}/map.json: "imports" must be a JSON object, not a number.\n  Fix: write "imports" as an object such as { "pkg": "https://cdn.example/pkg.js" }.\nRun "esmap update --help" for usage.\n`,
  },
  'a page whose import map is broken': {
    args: ['install', 'fx-dep', '-m', 'index.html'],
    files: { 'index.html': '<!doctype html><script type="importmap">{ nope }</script>' },
    code: 2,
    stderr: () => expect.stringMatching(/^error ESMAP_INVALID_IMPORT_MAP: Invalid JSON in .+\n {2}Fix: correct the JSON, or empty the script to start from an empty import map\nRun "esmap install --help" for usage\.\n$/) as unknown as string,
  },
  'a map file of an unknown type': {
    args: ['install', 'fx-dep', '-m', 'map.txt'],
    code: 2,
    stderr: (dir) => `error ESMAP_CLI_FILE_TYPE: --map ${dir}/map.txt: cannot tell from the extension whether it is a map, a page or a script\n  Fix: Use a .json file for an import map, .html for a page to inject into, or .js for a script that injects the map.\nRun "esmap install --help" for usage.\n`,
  },
  'a script esmap did not write': {
    args: ['install', 'fx-dep', '-m', 'map.js'],
    files: { 'map.js': 'console.log(1)\n' },
    code: 2,
    stderr: (dir) => `error ESMAP_CLI_FILE_UNREADABLE: ${dir}/map.js is not a script that esmap wrote: it has no /*esmap:map*/ marker\n  Fix: Point --map at the .json map or HTML page instead, or delete the script so esmap writes a new one.\nRun "esmap install --help" for usage.\n`,
  },
  'an output of an unknown type': {
    args: ['install', 'fx-dep', '-o', 'out.txt'],
    code: 2,
    stderr: (dir) => `error ESMAP_CLI_FILE_TYPE: --out ${dir}/out.txt: cannot tell from the extension whether it is a map, a page or a script\n  Fix: Use a .json file for an import map, .html for a page to inject into, or .js for a script that injects the map.\nRun "esmap install --help" for usage.\n`,
  },
  'an output that is a directory': {
    args: ['install', 'fx-dep', '-o', 'out.json'],
    dirs: ['out.json'],
    code: 2,
    stderr: (dir) => `error ESMAP_CLI_OUTPUT_NOT_WRITABLE: Cannot write ${dir}/out.json: it is a directory\n  Fix: Give --out a file path such as ${dir}/out.json/importmap.json.\nRun "esmap install --help" for usage.\n`,
  },
  'an output in a missing directory': {
    args: ['install', 'fx-dep', '-o', 'missing/out.json'],
    code: 2,
    stderr: (dir) => `error ESMAP_CLI_OUTPUT_NOT_WRITABLE: Cannot write ${dir}/missing/out.json: ENOENT for the directory ${dir}/missing\n  Fix: Check that ${dir}/missing exists and is writable, or choose another --out.\nRun "esmap install --help" for usage.\n`,
  },
  'an output under a file': {
    args: ['install', 'fx-dep', '-o', 'importmap.json/out.json'],
    files: { 'importmap.json': lockFile },
    code: 2,
    stderr: (dir) => `error ESMAP_CLI_OUTPUT_NOT_WRITABLE: Cannot write ${dir}/importmap.json/out.json: ENOTDIR for the directory ${dir}/importmap.json\n  Fix: Check that ${dir}/importmap.json exists and is writable, or choose another --out.\nRun "esmap install --help" for usage.\n`,
  },
  'uninstall without names': {
    args: ['uninstall'],
    code: 2,
    stderr: () => 'error ESMAP_CLI_MISSING_ARGUMENT: esmap uninstall needs the names of the packages to remove\n  Fix: Run e.g. "esmap uninstall lit".\nRun "esmap uninstall --help" for usage.\n',
  },
  'uninstall of a package the map does not have': {
    args: ['uninstall', 'fx-dep'],
    code: 1,
    stderr: () => expect.stringMatching(/^error ESMAP_NOT_INSTALLED: .*"fx-dep".*\n {2}Fix: .+\n$/) as unknown as string,
  },
  'link of a module that does not exist': {
    args: ['link', './src/nope.js'],
    code: 2,
    stderr: (dir) => `error ESMAP_CLI_FILE_NOT_FOUND: No module at ${dir}/src/nope.js\n  Fix: Check the path, or give a bare specifier such as lit/decorators.js.\nRun "esmap link --help" for usage.\n`,
  },
  'link of a page that does not exist': {
    args: ['link', 'nope.html'],
    code: 2,
    stderr: (dir) => `error ESMAP_CLI_FILE_NOT_FOUND: No page at ${dir}/nope.html\n  Fix: Check the path of the HTML file.\nRun "esmap link --help" for usage.\n`,
  },
  'a broken package.json': {
    args: ['install', 'fx-dep'],
    files: { 'package.json': '{' },
    code: 2,
    stderr: (dir) => expect.stringMatching(new RegExp(`^error ESMAP_CLI_INVALID_PACKAGE_JSON: ${dir}/package\\.json is not valid JSON: .+\\n {2}Fix: Fix the JSON; esmap reads the ranges of your dependencies from it\\.\\nRun "esmap install --help" for usage\\.\\n$`)) as unknown as string,
  },
  '--frozen when the map would change': {
    args: ['install', 'fx-dep@1', '--frozen'],
    files: { 'importmap.json': lockFile },
    code: 1,
    stderr: () => `error ESMAP_FROZEN: --frozen: the map would change (1 added entry in importmap.json):\n+ imports["fx-dep"]: ${server.urls.jsdelivr}npm/fx-dep@1.2.0/index.js\n  Fix: Run the command without --frozen to update the map, and commit it.\n`,
  },
}

describe('failures: exit code, exact message, nothing written', () => {
  it.each(Object.entries(cases))('%s', async (_, c) => {
    const dir = await project(c.files)
    for (const d of c.dirs ?? []) await mkdir(join(dir, d))
    const before = await snapshot(dir)
    const flags = c.args.includes('-p') ? ['--cache-dir', '.cache'] : fixtureFlags(server)
    const r = await esmap([...c.args, ...flags], { cwd: dir })
    expect({ code: r.code, stderr: r.stderr, stdout: r.stdout }).toEqual({ code: c.code, stderr: c.stderr(dir), stdout: '' })
    expect(await snapshot(dir)).toEqual(before)
  })
})

describe('--json failures', () => {
  it('prints { error } on stdout and nothing on stderr', async () => {
    const dir = await project()
    const r = await esmap(['install', 'fx-nope', '--json', ...fixtureFlags(server)], { cwd: dir })
    expect(r.code).toBe(1)
    expect(r.stderr).toBe('')
    expect(JSON.parse(r.stdout)).toEqual({
      error: {
        code: 'ESMAP_PACKAGE_NOT_FOUND',
        message: 'Package npm:fx-nope was not found (imported by the project)\n  Fix: check the spelling of "fx-nope", or map it to another package or a folder with resolutions',
        specifier: 'fx-nope',
        importer: 'the project',
        fix: 'check the spelling of "fx-nope", or map it to another package or a folder with resolutions',
      },
    })
  })

  it('usage errors too', async () => {
    const dir = await project()
    const r = await esmap(['install', '--bogus', '--json'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toBe('')
    expect(JSON.parse(r.stdout)).toEqual({
      error: { code: 'ESMAP_CLI_UNKNOWN_FLAG', message: 'Unknown flag --bogus for "esmap install"\n  Fix: Run "esmap install --help" to see its flags.', specifier: '--bogus', fix: 'Run "esmap install --help" to see its flags.' },
    })
  })
})
