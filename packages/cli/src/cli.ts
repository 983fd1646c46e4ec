import { readFileSync } from 'node:fs'
import { parseCommandArgs, resolveOptions } from './args.js'
import { commands, type Command } from './commands/index.js'
import { exitCodeOf, UsageError } from './errors.js'
import { commandHelp, mainHelp } from './help.js'
import { processIo, type CliIo } from './io.js'
import { Reporter, reportMode } from './output.js'

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
  return pkg.version
}

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const next = [i]
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    row = next
  }
  return row[b.length]!
}

function findCommand(name: string): Command {
  const found = commands.find((c) => c.name === name)
  if (found) return found
  const near = commands.filter((c) => distance(c.name, name) <= Math.max(1, Math.floor(name.length / 3)) || c.name.startsWith(name))
  throw new UsageError('ESMAP_CLI_UNKNOWN_COMMAND', `Unknown command "${name}"`, {
    specifier: name,
    fix: `${near.length > 0 ? `Did you mean ${near.map((c) => `"esmap ${c.name}"`).join(' or ')}? ` : ''}Run "esmap --help" for the commands.`,
  })
}

/**
 * Runs the `esmap` command with the given arguments and resolves to its exit code: 0 success,
 * 1 a resolution or verification failure, 2 bad usage. Never throws for esmap's own errors.
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [first, ...rest] = argv
  if (first === '--version' || first === '-v') {
    io.stdout.write(`${version()}\n`)
    return 0
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    const topic = rest[0] === undefined ? undefined : commands.find((c) => c.name === rest[0])
    io.stdout.write(topic ? commandHelp(topic) : mainHelp(commands))
    return 0
  }
  const json = argv.includes('--json')
  const reporter = new Reporter(io, json ? 'json' : 'plain')
  if (first === undefined) {
    reporter.error(new UsageError('ESMAP_CLI_MISSING_COMMAND', 'No command given', { fix: 'Run "esmap --help" for the commands.' }))
    if (!json) io.stderr.write(`\n${mainHelp(commands)}`)
    return 2
  }
  let command: Command | undefined
  try {
    command = findCommand(first)
    const { positionals, values } = parseCommandArgs(command.name, rest, command.flags)
    if (values.help) {
      io.stdout.write(commandHelp(command))
      return 0
    }
    const options = resolveOptions(values, io.cwd)
    return await command.run({ io, positionals, options, reporter: new Reporter(io, reportMode(io, options)) })
  } catch (err) {
    const code = exitCodeOf(err)
    const mentionsHelp = err instanceof UsageError && err.fix?.includes('--help') === true
    reporter.error(err, code === 2 && command && !mentionsHelp ? `Run "esmap ${command.name} --help" for usage.` : undefined)
    return code
  }
}
