import { readFileSync } from 'node:fs'

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }

/** Runs the `esmap` command with the given arguments and returns its exit code. */
export async function main(argv: string[]): Promise<number> {
  if (argv[0] === '--version' || argv[0] === '-v') {
    process.stdout.write(`${pkg.version}\n`)
    return 0
  }
  process.stdout.write('Usage: esmap <command> [options]\n')
  return argv.length === 0 || argv[0] === '--help' ? 0 : 2
}
