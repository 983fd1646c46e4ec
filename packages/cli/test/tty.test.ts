import { spawn, spawnSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFixtureServer, type FixtureServer } from '@esmap/test-fixtures'
import { bin, fixtureFlags, project } from './run.js'

/** util-linux `script` runs a command in a pseudo-terminal. */
const hasScript = spawnSync('script', ['--version']).status === 0

let server: FixtureServer
beforeAll(async () => {
  server = await startFixtureServer()
  // Slow registry answers, so the progress line is redrawn several times.
  server.faults.add({ kind: 'latency', ms: 150, path: '/registry/' })
})
afterAll(() => server.close())

const quote = (arg: string): string => `'${arg.replaceAll("'", `'\\''`)}'`

/** Runs esmap in a pseudo-terminal: stdout and stderr are the terminal; returns what it showed. */
function inTerminal(args: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<{ code: number | null; screen: string }> {
  const command = [process.execPath, bin, ...args].map(quote).join(' ')
  const { CI: _, ...rest } = process.env
  const child = spawn('script', ['-qefc', command, '/dev/null'], { cwd, env: { ...rest, TERM: 'xterm', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let screen = ''
  child.stdout.setEncoding('utf8').on('data', (d: string) => (screen += d))
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, screen })))
}

const erase = '\r\x1b[K'

describe.skipIf(!hasScript)('on a terminal', () => {
  it('redraws a progress line (packages, modules, bytes) in place, then prints the summary', async () => {
    const dir = await project()
    const { code, screen } = await inTerminal(['install', 'fx-dep@1', '@fx/scoped', ...fixtureFlags(server)], dir)
    expect(code).toBe(0)
    const frames = screen.split(erase).slice(1, -1)
    expect(frames[0]).toBe('⠋ installing · 0 packages resolved · 0 modules traced · 0 B fetched')
    expect(frames.length).toBeGreaterThanOrEqual(4)
    for (const frame of frames) expect(frame).toMatch(/^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] installing · \d+ packages? resolved · 0 modules traced · [\d.]+ k?B fetched$/)
    // Counters only grow, and reach the packages and bytes of the run before the line is erased.
    expect(frames.some((f) => /· [1-9]\d* packages? resolved · 0 modules traced · [\d.]+ kB fetched$/.test(f))).toBe(true)
    // The pty turns \n into \r\n; after the last erase comes the summary.
    const summary = screen.split(erase).at(-1)!.split('\r\n')
    expect(summary.slice(0, 4)).toEqual(['+ @fx/scoped@1.1.0', '+ fx-dep@1.2.0', '+ fx-dep@2.1.0', 'importmap.json: 3 added entries'])
    expect(summary[4]).toMatch(/^3 packages resolved · 3 modules traced · [\d.]+ kB fetched in \d+\.\ds$/)
  })

  it('with CI set: plain lines, no animation', async () => {
    const dir = await project()
    const { code, screen } = await inTerminal(['install', 'fx-dep@1', ...fixtureFlags(server)], dir, { CI: 'true' })
    expect(code).toBe(0)
    expect(screen).not.toContain('\x1b[')
    expect(screen.split('\r\n').slice(0, 2)).toEqual(['+ fx-dep@1.2.0', 'importmap.json: 1 added entry'])
  })

  it('--json on a terminal: no progress, just the document', async () => {
    const dir = await project()
    const { code, screen } = await inTerminal(['install', 'fx-dep@1', '--json', ...fixtureFlags(server)], dir)
    expect(code).toBe(0)
    expect(screen).not.toContain('\x1b[')
    expect(JSON.parse(screen).command).toBe('install')
  })
})
