import { parseTarget } from '@esmap/core'
import { mapCommandFlags } from '../flags.js'
import { runMapCommand } from './map-command.js'
import type { Command } from './types.js'

export const install: Command = {
  name: 'install',
  summary: 'install packages into the map (or reinstall what it pins)',
  usage: 'esmap install [targets...]',
  description:
    'Resolves each target (name@range, name@range/subpath, npm:, jsr:, a URL or a folder), traces its modules and adds what they import to the map. Without targets, installs again what the current map pins, keeping its versions where their ranges allow.',
  flags: mapCommandFlags,
  examples: [
    ['esmap install lit react@18', 'add lit and react 18 to importmap.json'],
    ['esmap install lit/decorators.js -o index.html', 'inject the map into index.html'],
    ['esmap install -p jsdelivr --integrity --preload', 'reinstall from jsDelivr with integrity'],
    ['esmap install lit -o public/importmap.js --root public', 'write a script that injects the map'],
  ],
  run: (ctx) =>
    runMapCommand('install', ctx, {
      label: 'installing',
      validate(positionals) {
        for (const target of positionals) parseTarget(target)
      },
      run: (generator, positionals) => (positionals.length > 0 ? generator.install(positionals) : generator.install()),
    }),
}
