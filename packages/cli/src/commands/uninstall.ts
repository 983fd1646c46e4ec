import { UsageError } from '../errors.js'
import { mapCommandFlags } from '../flags.js'
import { runMapCommand } from './map-command.js'
import type { Command } from './types.js'

export const uninstall: Command = {
  name: 'uninstall',
  summary: 'remove packages from the map',
  usage: 'esmap uninstall <names...>',
  description: 'Removes top-level packages from the map, with every entry and scope only they needed.',
  flags: mapCommandFlags,
  examples: [
    ['esmap uninstall lit', 'remove lit from importmap.json'],
    ['esmap uninstall react react-dom -m index.html', "remove two packages from the page's map"],
  ],
  run: (ctx) =>
    runMapCommand('uninstall', ctx, {
      label: 'uninstalling',
      validate(names) {
        if (names.length === 0) {
          throw new UsageError('ESMAP_CLI_MISSING_ARGUMENT', 'esmap uninstall needs the names of the packages to remove', { fix: 'Run e.g. "esmap uninstall lit".' })
        }
      },
      run: (generator, names) => generator.uninstall(names),
    }),
}
