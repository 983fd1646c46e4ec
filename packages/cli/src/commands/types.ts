import type { ParsedArgs, ResolvedOptions } from '../args.js'
import type { FlagName } from '../flags.js'
import type { CliIo } from '../io.js'
import type { Reporter } from '../output.js'

/** What a command runs with. */
export interface CommandContext {
  io: CliIo
  positionals: string[]
  options: ResolvedOptions
  reporter: Reporter
}

/** One `esmap` command: its help, its flags, and what it does. */
export interface Command {
  name: string
  /** One line, for `esmap --help`. */
  summary: string
  /** `esmap install [targets...]` */
  usage: string
  /** A paragraph for `esmap <command> --help`. */
  description: string
  flags: readonly FlagName[]
  /** Each example: the command line, then what it does. */
  examples: readonly (readonly [string, string])[]
  /** Runs the command; resolves to the exit code. Throws for failures (exit code from `exitCodeOf`). */
  run(ctx: CommandContext): Promise<number>
}

/** Parsed args as a command receives them. */
export type { ParsedArgs }
