import { mapCommandFlags } from '../flags.js'
import { runMapCommand } from './map-command.js'
import type { Command } from './types.js'

export const update: Command = {
  name: 'update',
  summary: 'move packages to the latest version in range',
  usage: 'esmap update [names...]',
  description:
    "Moves the named packages (every top-level package when none is named), with all their subpaths, to the latest version their range allows: the range in your package.json, or the major of the version in the map.",
  flags: mapCommandFlags,
  examples: [
    ['esmap update', 'update everything in importmap.json'],
    ['esmap update lit', 'update lit only'],
    ['esmap update -m index.html', "update the map in index.html's page"],
  ],
  run: (ctx) =>
    runMapCommand('update', ctx, {
      label: 'updating',
      run: (generator, names) => generator.update(names.length > 0 ? names : undefined),
    }),
}
