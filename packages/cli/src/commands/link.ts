import { readFile, stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { UsageError } from '../errors.js'
import { mapCommandFlags } from '../flags.js'
import { pageRoots } from '../page.js'
import { runMapCommand } from './map-command.js'
import type { Command } from './types.js'

const isHtml = (arg: string): boolean => /\.html?$/i.test(arg)
const isUrl = (arg: string): boolean => /^[a-z][a-z\d+.-]+:/i.test(arg)

/**
 * What each argument stands for: an HTML page (its module scripts), a module file (a path that
 * starts with ./, ../ or /, or an existing file), a URL, or a bare specifier.
 */
async function linkRoots(args: readonly string[], cwd: string, rootUrl: URL | undefined): Promise<string[]> {
  const roots: string[] = []
  for (const arg of args) {
    const path = resolve(cwd, arg)
    const exists = !isUrl(arg) && (await stat(path).catch(() => undefined))?.isFile() === true
    if (isHtml(arg) && !isUrl(arg)) {
      if (!exists) throw new UsageError('ESMAP_CLI_FILE_NOT_FOUND', `No page at ${path}`, { specifier: arg, fix: 'Check the path of the HTML file.' })
      roots.push(...(await pageRoots(await readFile(path, 'utf8'), pathToFileURL(path), rootUrl)))
    } else if (isUrl(arg)) roots.push(arg)
    else if (exists) roots.push(pathToFileURL(path).href)
    else if (/^(\.{1,2})?\//.test(arg)) {
      throw new UsageError('ESMAP_CLI_FILE_NOT_FOUND', `No module at ${path}`, { specifier: arg, fix: 'Check the path, or give a bare specifier such as lit/decorators.js.' })
    } else roots.push(arg)
  }
  return roots
}

export const link: Command = {
  name: 'link',
  summary: 'trace modules or pages and map what they import',
  usage: 'esmap link [modules or HTML files...]',
  description:
    "Traces your own modules (paths), pages (their module scripts) or bare specifiers, and adds every package they import to the map, at the version the map already has or the latest in your package.json's range. Without arguments, traces again what the map pins.",
  flags: mapCommandFlags,
  examples: [
    ['esmap link ./src/main.js', 'map what src/main.js imports'],
    ['esmap link index.html -o index.html --integrity --preload', "map a page's imports into the page itself"],
    ['esmap link lit/decorators.js', 'map one subpath of a package'],
  ],
  run(ctx) {
    let roots: string[] = []
    return runMapCommand('link', ctx, {
      label: 'linking',
      async validate(args, options) {
        roots = await linkRoots(args, options.cwd, options.rootUrl)
      },
      run: (generator) => (roots.length > 0 ? generator.link(roots) : generator.install()),
    })
  },
}
