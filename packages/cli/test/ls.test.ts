import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFixtureServer, type FixtureServer } from '@esmap/test-fixtures'
import { esmap, fixtureFlags, project } from './run.js'

let server: FixtureServer
let cdn: string
beforeAll(async () => {
  server = await startFixtureServer()
  cdn = `${server.urls.jsdelivr}npm/`
})
afterAll(() => server.close())

describe('esmap ls', () => {
  it("lists a package's subpaths and files under the default conditions", async () => {
    const r = await esmap(['ls', 'fx-exports', ...fixtureFlags(server)], { cwd: await project() })
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(
      [
        `fx-exports@1.0.0 ${cdn}fx-exports@1.0.0/`,
        'conditions: browser, development, module, import, default',
        '.               ./dist/browser.development.js',
        './fallback      ./dist/fallback.js',
        './features/a    ./dist/features/a.js',
        './features/b    ./dist/features/b.js',
        './package.json  ./package.json',
        '',
      ].join('\n'),
    )
  })

  it.each([
    [['-C', 'production'], './dist/browser.production.js'],
    [['-C', 'node,no-module'], './dist/index.js'],
    [['-C', 'node'], './dist/index.module.js'],
  ])('%j picks the files of those conditions', async (flags, main) => {
    const r = await esmap(['ls', 'fx-exports', '--json', ...flags, ...fixtureFlags(server)], { cwd: await project() })
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout).exports['.']).toEqual({ file: main, url: `${cdn}fx-exports@1.0.0/${main.slice(2)}` })
  })

  it('takes a range and answers JSON', async () => {
    const r = await esmap(['ls', 'fx-dep@1', '--json', ...fixtureFlags(server)], { cwd: await project() })
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('')
    expect(JSON.parse(r.stdout)).toEqual({
      command: 'ls',
      package: { registry: 'npm', name: 'fx-dep', version: '1.2.0' },
      url: `${cdn}fx-dep@1.2.0/`,
      conditions: ['browser', 'development', 'module', 'import', 'default'],
      exports: {
        '.': { file: './index.js', url: `${cdn}fx-dep@1.2.0/index.js` },
        './index': { file: './index.js', url: `${cdn}fx-dep@1.2.0/index.js` },
        './index.js': { file: './index.js', url: `${cdn}fx-dep@1.2.0/index.js` },
        // Without "exports" every file is exported, also under the extensionless subpath that probes to it.
        './package': { file: './package.json', url: `${cdn}fx-dep@1.2.0/package.json` },
        './package.json': { file: './package.json', url: `${cdn}fx-dep@1.2.0/package.json` },
      },
    })
  })

  it.each([
    [['ls', 'fx-nope'], 1, 'error ESMAP_PACKAGE_NOT_FOUND: No package matches "fx-nope"\n  Fix: Check the name and the range (esmap ls name@range).\n'],
    [['ls', 'fx-dep@9'], 1, 'error ESMAP_PACKAGE_NOT_FOUND: No package matches "fx-dep@9"\n  Fix: Check the name and the range (esmap ls name@range).\n'],
    [['ls'], 2, 'error ESMAP_CLI_MISSING_ARGUMENT: esmap ls takes one package, got 0\n  Fix: Run e.g. "esmap ls lit" or "esmap ls react@18".\nRun "esmap ls --help" for usage.\n'],
    [['ls', 'a', 'b'], 2, 'error ESMAP_CLI_MISSING_ARGUMENT: esmap ls takes one package, got 2\n  Fix: Run e.g. "esmap ls lit" or "esmap ls react@18".\nRun "esmap ls --help" for usage.\n'],
    [['ls', './lib/'], 2, 'error ESMAP_INVALID_TARGET: esmap ls takes a package, got "./lib/"\n  Fix: Give a package name with an optional range, such as lit or react@18.\nRun "esmap ls --help" for usage.\n'],
  ] as [string[], number, string][])('%j fails with exit code %d', async (args, code, stderr) => {
    const r = await esmap([...args, ...fixtureFlags(server)], { cwd: await project() })
    expect({ code: r.code, stderr: r.stderr, stdout: r.stdout }).toEqual({ code, stderr, stdout: '' })
  })
})
