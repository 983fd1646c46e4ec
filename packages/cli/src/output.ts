import { randomBytes } from 'node:crypto'
import { constants } from 'node:fs'
import { access, readdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import { basename, dirname, isAbsolute, join, relative } from 'node:path'
import { errorJson, UsageError } from './errors.js'
import type { CliIo } from './io.js'
import { Progress, type ProgressCounts } from './progress.js'

/** A temp file next to `path` (same directory, so the same file system and an atomic rename). */
function tempPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
}

/** The temp files `tempPath` makes for `path`, with the id of the process that made each. */
function tempFilePattern(path: string): RegExp {
  return new RegExp(`^\\.${basename(path).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d+)\\.[0-9a-f]{8}\\.tmp$`)
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Writes `text` to `path` atomically: the bytes go to a temp file in the same directory, which
 * is then renamed over `path` (rename(2) replaces the file in one step). A reader, or a run
 * killed at any moment, sees the old file or the whole new one, never half of it. The temp
 * file is removed when the write fails; one left by a killed run is removed by the next run's
 * `checkWritable`.
 */
export async function writeAtomic(path: string, text: string): Promise<void> {
  const temp = tempPath(path)
  try {
    await writeFile(temp, text, { flag: 'wx' })
    await rename(temp, path)
  } catch (err) {
    await rm(temp, { force: true })
    throw err
  }
}

/**
 * Checks, before any work, that `path` can be written the way `writeAtomic` writes it (its
 * directory exists and is writable, and `path` is not a directory), and removes temp files of
 * `path` that runs killed mid-write left behind (those of processes no longer alive).
 */
export async function checkWritable(path: string, flag = '--out'): Promise<void> {
  const info = await stat(path).catch(() => undefined)
  if (info?.isDirectory()) {
    throw new UsageError('ESMAP_CLI_OUTPUT_NOT_WRITABLE', `Cannot write ${path}: it is a directory`, { specifier: path, fix: `Give ${flag} a file path such as ${join(path, 'importmap.json')}.` })
  }
  const dir = dirname(path)
  await checkDirectory(dir, path, flag)
  const pattern = tempFilePattern(path)
  for (const name of await readdir(dir)) {
    const pid = pattern.exec(name)?.[1]
    if (pid !== undefined && !alive(Number(pid))) await rm(join(dir, name), { force: true })
  }
}

/** Checks that `dir` is a writable directory, for writing `path` (named in the error). */
export async function checkDirectory(dir: string, path: string = dir, flag = '--out'): Promise<void> {
  try {
    if (!(await stat(dir)).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' })
    await access(dir, constants.W_OK)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO'
    throw new UsageError('ESMAP_CLI_OUTPUT_NOT_WRITABLE', `Cannot write ${path}: ${code} for the directory ${dir}`, {
      specifier: path,
      fix: `Check that ${dir} exists and is writable, or choose another ${flag}.`,
      cause: err,
    })
  }
}

/** How the run reports: a terminal (progress redrawn on one line), plain lines (CI, pipes), JSON, or quiet. */
export type ReportMode = 'tty' | 'plain' | 'json' | 'quiet'

/** Decides the report mode from the flags and the environment. */
export function reportMode(io: CliIo, flags: { json: boolean; quiet: boolean }): ReportMode {
  if (flags.json) return 'json'
  if (flags.quiet) return 'quiet'
  const ci = io.env.CI !== undefined && io.env.CI !== '' && io.env.CI !== '0' && io.env.CI !== 'false'
  return io.stderr.isTTY === true && !ci && io.env.TERM !== 'dumb' ? 'tty' : 'plain'
}

/**
 * Where everything a command says goes. stdout carries the result (a map with --stdout, ls's
 * listing, verify's report, or the --json document); stderr carries progress, the change
 * summary, warnings and errors.
 */
export class Reporter {
  readonly mode: ReportMode
  readonly warnings: string[] = []
  readonly #io: CliIo
  #progress: Progress | undefined

  constructor(io: CliIo, mode: ReportMode) {
    this.#io = io
    this.mode = mode
  }

  /** A human line on stderr (not with --quiet or --json). */
  info(line: string): void {
    if (this.mode === 'tty' || this.mode === 'plain') this.#stderr(line)
  }

  /** A warning, once: on stderr, or in the --json result's `warnings`. */
  warn(line: string): void {
    if (this.warnings.includes(line)) return
    this.warnings.push(line)
    if (this.mode === 'tty' || this.mode === 'plain') this.#stderr(`warning: ${line}`)
  }

  /** Result text on stdout (not with --json, where the result document says it all). */
  data(text: string): void {
    if (this.mode !== 'json') this.#io.stdout.write(text.endsWith('\n') || text === '' ? text : `${text}\n`)
  }

  /** The --json result document. */
  result(json: object): void {
    if (this.mode === 'json') this.#io.stdout.write(`${JSON.stringify(this.warnings.length > 0 ? { ...json, warnings: this.warnings } : json, null, 2)}\n`)
  }

  /** An error: `{ error }` on stdout with --json, else `error CODE: message` on stderr. */
  error(err: unknown, hint?: string): void {
    this.stopProgress()
    if (this.mode === 'json') {
      this.#io.stdout.write(`${JSON.stringify(errorJson(err), null, 2)}\n`)
      return
    }
    const { error } = errorJson(err)
    this.#io.stderr.write(`error ${error.code}: ${error.message}\n${hint ? `${hint}\n` : ''}`)
  }

  /** Starts the progress line (terminals only); `read` is polled for the counters. */
  startProgress(label: string, read: () => ProgressCounts): void {
    if (this.mode !== 'tty') return
    this.#progress = new Progress(this.#io.stderr, label, read)
    this.#progress.start()
  }

  stopProgress(): void {
    this.#progress?.stop()
    this.#progress = undefined
  }

  #stderr(line: string): void {
    if (this.#progress) this.#progress.print(line)
    else this.#io.stderr.write(`${line}\n`)
  }
}

/** A path as the user would write it: relative to the working directory when inside it. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path)
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path
}
