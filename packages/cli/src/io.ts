/** A stream the CLI writes to: `process.stdout` / `process.stderr`, or a test double. */
export interface OutStream {
  write(text: string): unknown
  /** True on a terminal. */
  isTTY?: boolean
  /** Terminal width, when known. */
  columns?: number
}

/** Everything the CLI touches outside its arguments: streams, environment, working directory. */
export interface CliIo {
  stdout: OutStream
  stderr: OutStream
  /** The environment (`CI`, `NO_COLOR`, `TERM`, npm settings). */
  env: Readonly<Record<string, string | undefined>>
  cwd: string
}

/** The real process's streams, environment and working directory, read when called. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() }
}
