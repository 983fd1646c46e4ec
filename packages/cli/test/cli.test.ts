import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
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

const commands = ['install', 'link', 'update', 'uninstall', 'inject', 'vendor', 'ls', 'verify', 'serve', 'clear-cache']

describe('--version and --help', () => {
  it('--version prints the package version', async () => {
    const { version } = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
    for (const flag of ['--version', '-v']) expect(await esmap([flag], { cwd: await project() })).toEqual({ code: 0, signal: null, stdout: `${version}\n`, stderr: '' })
  })

  it('--help lists every command', async () => {
    const r = await esmap(['--help'], { cwd: await project() })
    expect(r.code).toBe(0)
    expect(r.stdout.startsWith('Usage: esmap <command> [flags]\n')).toBe(true)
    for (const c of commands) expect(r.stdout).toMatch(new RegExp(`^  ${c}\\b`, 'm'))
    expect(r.stdout).toContain('Exit codes: 0 success, 1 a resolution or verification failure, 2 bad usage.')
  })

  it.each(commands)('esmap %s --help: usage, every flag, examples', async (command) => {
    for (const args of [[command, '--help'], [command, '-h'], ['help', command]]) {
      const r = await esmap(args, { cwd: await project() })
      expect(r.code).toBe(0)
      expect(r.stdout).toMatch(new RegExp(`^Usage: esmap ${command}\\b.*\\[flags\\]\\n`))
      expect(r.stdout).toContain('\nFlags:\n')
      expect(r.stdout).toMatch(/\nExamples:\n {2}esmap /)
      expect(r.stdout).toContain('-h, --help')
    }
  })

  it('install --help names every flag of the map commands', async () => {
    const r = await esmap(['install', '--help'], { cwd: await project() })
    for (const flag of ['-m, --map', '-o, --out', '--stdout', '-p, --provider', '-C, --conditions', '-r, --resolution', '--[no-]integrity', '--[no-]preload [static|all]', '--[no-]flatten-scopes', '--[no-]combine-subpaths', '--root', '--offline', '--frozen', '--cache-dir', '--registry', '--cdn-url', '-q, --quiet', '--json']) {
      expect(r.stdout).toContain(flag)
    }
  })

  it('no command is bad usage', async () => {
    const r = await esmap([], { cwd: await project() })
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr.startsWith('error ESMAP_CLI_MISSING_COMMAND: No command given\n  Fix: Run "esmap --help" for the commands.\n\nUsage: esmap <command> [flags]\n')).toBe(true)
  })

  it.each([
    ['instal', 'Did you mean "esmap install"? '],
    ['un', 'Did you mean "esmap uninstall"? '],
    ['verfy', 'Did you mean "esmap verify"? '],
    ['deploy', ''],
  ])('an unknown command %s is bad usage, with a suggestion', async (name, suggestion) => {
    const r = await esmap([name], { cwd: await project() })
    expect(r.code).toBe(2)
    expect(r.stderr).toBe(`error ESMAP_CLI_UNKNOWN_COMMAND: Unknown command "${name}"\n  Fix: ${suggestion}Run "esmap --help" for the commands.\n`)
  })
})

describe('--json and --quiet', () => {
  it('--json: the result as one document on stdout', async () => {
    const dir = await project()
    const r = await esmap(['install', 'fx-uses-dep1', '--json', ...fixtureFlags(server)], { cwd: dir })
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('')
    const result = JSON.parse(r.stdout)
    const map = { imports: { 'fx-uses-dep1': `${cdn}fx-uses-dep1@1.0.0/index.js` }, scopes: { [server.origin + '/']: { 'fx-dep': `${cdn}fx-dep@1.2.0/index.js` } } }
    expect(result).toEqual({
      command: 'install',
      output: join(dir, 'importmap.json'),
      written: true,
      map,
      packages: [
        { kind: 'added', package: { registry: 'npm', name: 'fx-dep', version: '1.2.0' } },
        { kind: 'added', package: { registry: 'npm', name: 'fx-uses-dep1', version: '1.0.0' } },
      ],
      changes: [
        { kind: 'added', section: 'imports', key: 'fx-uses-dep1', after: `${cdn}fx-uses-dep1@1.0.0/index.js` },
        { kind: 'added', section: `scopes[${server.origin}/]`, key: 'fx-dep', after: `${cdn}fx-dep@1.2.0/index.js` },
      ],
      staticDeps: [`${cdn}fx-uses-dep1@1.0.0/index.js`, `${cdn}fx-dep@1.2.0/index.js`],
      dynamicDeps: [],
      stats: { requests: expect.any(Number), bytes: expect.any(Number), cacheHits: 0 },
    })
    expect(result.stats.requests).toBeGreaterThan(0)
    expect(JSON.parse(await readFile(join(dir, 'importmap.json'), 'utf8'))).toEqual(map)
  })

  it('--json carries warnings', async () => {
    const r = await esmap(['install', 'fx-dynamic', '--json', '--stdout', ...fixtureFlags(server)], { cwd: await project() })
    expect(r.code).toBe(0)
    const { warnings, text } = JSON.parse(r.stdout)
    expect(warnings).toEqual([
      `Non-literal dynamic import in ${cdn}fx-dynamic@1.0.0/index.js:3:37 was not traced: import(\`./locales/\${name}.js\`) (matches ./locales/*.js). Add the modules it can load as entries so the map includes them.`,
      `Non-literal dynamic import in ${cdn}fx-dynamic@1.0.0/index.js:4:39 was not traced: import(specifier). Add the modules it can load as entries so the map includes them.`,
    ])
    expect(JSON.parse(text)).toEqual({ imports: { 'fx-dynamic': `${cdn}fx-dynamic@1.0.0/index.js` }, scopes: { [server.origin + '/']: { 'fx-dep': `${cdn}fx-dep@2.1.0/index.js` } } })
  })

  it('--quiet prints nothing on success, and the error on failure', async () => {
    const dir = await project()
    expect(await esmap(['install', 'fx-dynamic', '-q', ...fixtureFlags(server)], { cwd: dir })).toEqual({ code: 0, signal: null, stdout: '', stderr: '' })
    const failed = await esmap(['install', 'fx-nope', '--quiet', ...fixtureFlags(server)], { cwd: dir })
    expect(failed.code).toBe(1)
    expect(failed.stderr).toMatch(/^error ESMAP_PACKAGE_NOT_FOUND: /)
  })

  it('plain output warns once per warning', async () => {
    const r = await esmap(['install', 'fx-dynamic', ...fixtureFlags(server)], { cwd: await project() })
    expect(r.stderr.split('\n').filter((l) => l.startsWith('warning: '))).toHaveLength(2)
  })
})

describe('esmap clear-cache', () => {
  it('empties the cache directory', async () => {
    const dir = await project()
    await esmap(['install', 'fx-dep', ...fixtureFlags(server)], { cwd: dir })
    expect((await readdir(join(dir, '.cache', 'fetch-v1'), { recursive: true })).length).toBeGreaterThan(0)
    const r = await esmap(['clear-cache', '--cache-dir', '.cache'], { cwd: dir })
    expect(r).toEqual({ code: 0, signal: null, stdout: '', stderr: `Cleared the cache at ${join(dir, '.cache')}\n` })
    expect(await readdir(join(dir, '.cache', 'fetch-v1')).catch(() => [])).toEqual([])
  })

  it('--json; the default cache follows XDG_CACHE_HOME', async () => {
    const dir = await project()
    const r = await esmap(['clear-cache', '--json'], { cwd: dir, env: { XDG_CACHE_HOME: join(dir, 'xdg') } })
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual({ command: 'clear-cache', cacheDir: join(dir, 'xdg', 'esmap') })
  })
})
