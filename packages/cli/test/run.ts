import { spawn, type ChildProcess } from 'node:child_process'
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FixtureServer } from '@esmap/test-fixtures'

/** bin/esmap.js, the real command. */
export const bin: string = fileURLToPath(new URL('../bin/esmap.js', import.meta.url))

export interface RunResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

export interface RunOptions {
  cwd: string
  /** Added to the environment (`undefined` removes a variable). CI is removed unless given. */
  env?: Record<string, string | undefined>
}

function childEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: undefined, ...extra }
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key]
  return env
}

/** Starts `node bin/esmap.js ...args` with piped output. */
export function spawnEsmap(args: readonly string[], options: RunOptions): ChildProcess {
  return spawn(process.execPath, [bin, ...args], { cwd: options.cwd, env: childEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] })
}

/** Waits for a child to exit and collects its output. */
export function collect(child: ChildProcess): Promise<RunResult> {
  let stdout = ''
  let stderr = ''
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d))
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d))
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }))
  })
}

/** Runs `esmap ...args` to completion. */
export function esmap(args: readonly string[], options: RunOptions): Promise<RunResult> {
  return collect(spawnEsmap(args, options))
}

/** A fresh temp directory with the given files. */
export async function project(files: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'esmap-cli-'))
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true })
    await writeFile(join(dir, path), text)
  }
  return dir
}

/** Flags pointing every lookup at the fixture server, jsDelivr as the provider, and a cache in the project. */
export function fixtureFlags(server: FixtureServer, provider: 'jsdelivr' | 'jspm.io' | 'unpkg' = 'jsdelivr'): string[] {
  const cdn = provider === 'jsdelivr' ? `${server.urls.jsdelivr}npm/` : provider === 'unpkg' ? server.urls.unpkg : server.urls.jspm
  return ['--registry', server.urls.registry, '-p', provider, '--cdn-url', cdn, '--cache-dir', '.cache']
}

export const read = (dir: string, path: string): Promise<string> => readFile(join(dir, path), 'utf8')
export const readJson = async (dir: string, path: string): Promise<unknown> => JSON.parse(await read(dir, path))
/** The files in a directory, without the cache. */
export const files = async (dir: string): Promise<string[]> => (await readdir(dir)).filter((f) => f !== '.cache').sort()
