import type { Command } from './commands/index.js'
import { flagSpecs, type FlagName } from './flags.js'

function flagLine(name: FlagName): [string, string] {
  const spec = flagSpecs[name]
  const names = `${spec.short ? `-${spec.short}, ` : '    '}--${spec.negatable ? '[no-]' : ''}${name}${spec.value ? ` ${spec.value}` : ''}`
  return [names, spec.description]
}

/** Left column padded, right column wrapped under itself. */
function table(rows: readonly (readonly [string, string])[], width = 100): string[] {
  const left = Math.max(...rows.map(([a]) => a.length)) + 2
  const lines: string[] = []
  for (const [a, b] of rows) {
    const words = b.split(' ')
    let line = `  ${a.padEnd(left)}`
    let first = true
    for (const word of words) {
      if (!first && line.length + word.length + 1 > width) {
        lines.push(line)
        line = ' '.repeat(left + 2)
        first = true
      }
      line += first ? word : ` ${word}`
      first = false
    }
    lines.push(line)
  }
  return lines
}

/** A paragraph wrapped at `width` columns. */
function wrap(text: string, width = 100): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + word.length + 1 > width) {
      lines.push(line)
      line = word
    } else line = line === '' ? word : `${line} ${word}`
  }
  return [...lines, line]
}

/** `esmap <command> --help` */
export function commandHelp(command: Command): string {
  return [
    `Usage: ${command.usage} [flags]`,
    '',
    ...wrap(command.description),
    '',
    'Flags:',
    ...table(command.flags.map(flagLine)),
    '',
    'Examples:',
    ...command.examples.flatMap(([line, what]) => [`  ${line}`, `      ${what}`]),
    '',
  ].join('\n')
}

/** `esmap --help` */
export function mainHelp(commands: readonly Command[]): string {
  return [
    'Usage: esmap <command> [flags]',
    '',
    'Import maps without a bundler: install npm packages into an import map, trace your modules and pages,',
    'and write the map (with integrity and modulepreload) as JSON, into HTML, or as a script.',
    '',
    'Commands:',
    ...table(commands.map((c) => [c.usage.replace(/^esmap /, ''), c.summary])),
    '',
    'Run "esmap <command> --help" for its flags and examples. "esmap --version" prints the version.',
    '',
    'Exit codes: 0 success, 1 a resolution or verification failure, 2 bad usage.',
    '',
  ].join('\n')
}
