import { readFile } from 'node:fs/promises'
import { extname } from 'node:path'
import { pathToFileURL } from 'node:url'
import { analyzeHtml, ImportMap, type ImportMapError, type ImportMapJson } from '@esmap/core'
import { UsageError } from './errors.js'
import { extractScriptMap } from './script.js'

/** What a map file is, by its extension: a JSON map, an HTML page, or an esmap script. */
export type FileKind = 'json' | 'html' | 'js'

const kinds: Readonly<Record<string, FileKind>> = { '.json': 'json', '.importmap': 'json', '.html': 'html', '.htm': 'html', '.js': 'js', '.mjs': 'js' }

/** The kind of a map file from its extension; bad usage for any other extension. */
export function fileKind(path: string, flag: string): FileKind {
  const kind = kinds[extname(path).toLowerCase()]
  if (kind === undefined) {
    throw new UsageError('ESMAP_CLI_FILE_TYPE', `${flag} ${path}: cannot tell from the extension whether it is a map, a page or a script`, {
      specifier: path,
      fix: 'Use a .json file for an import map, .html for a page to inject into, or .js for a script that injects the map.',
    })
  }
  return kind
}

/** A map file as read: its text when it exists, and its import map. */
export interface MapFile {
  path: string
  kind: FileKind
  /** The file's text; undefined when it does not exist. */
  text: string | undefined
  /** Its import map as written (empty when the file or the page's map is missing). */
  map: ImportMapJson
  /** The URL its relative addresses resolve against (the page's base URL for HTML). */
  baseUrl: URL
}

/** A file's text; undefined when it does not exist (other read errors are bad usage). */
export async function readText(path: string, flag: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return undefined
    throw new UsageError('ESMAP_CLI_FILE_UNREADABLE', `Cannot read ${flag} ${path}: ${code ?? (err as Error).message}`, { specifier: path, fix: `Check the path given to ${flag}.`, cause: err })
  }
}

function parseMapJson(text: string, path: string): ImportMapJson {
  try {
    return JSON.parse(text) as ImportMapJson
  } catch (err) {
    throw new UsageError('ESMAP_IMPORT_MAP_INVALID', `The map ${path} is not valid JSON: ${(err as Error).message}`, {
      specifier: path,
      fix: 'Fix the JSON (double-quoted keys and strings, no trailing commas or comments), or delete the file to start from an empty map.',
      cause: err,
    })
  }
}

/**
 * Reads a map file (a missing file is an empty map) and checks its map as the HTML spec parses
 * one, so a broken map fails here, before any work: with the file named and the fix.
 */
export async function readMapFile(path: string, flag: string): Promise<MapFile> {
  const kind = fileKind(path, flag)
  const text = await readText(path, flag)
  const fileUrl = pathToFileURL(path)
  let map: ImportMapJson = {}
  let baseUrl = fileUrl
  if (text !== undefined && kind === 'json') map = parseMapJson(text, path)
  if (text !== undefined && kind === 'html') {
    const analysis = analyzeHtml(text, fileUrl)
    if (analysis.importMap?.error) throw UsageError.from(analysis.importMap.error)
    map = (analysis.importMap?.json ?? {}) as ImportMapJson
    baseUrl = new URL(analysis.baseUrl)
  }
  if (text !== undefined && kind === 'js') {
    const found = extractScriptMap(text)
    if (found === undefined) {
      throw new UsageError('ESMAP_CLI_FILE_UNREADABLE', `${path} is not a script that esmap wrote: it has no /*esmap:map*/ marker`, {
        specifier: path,
        fix: 'Point --map at the .json map or HTML page instead, or delete the script so esmap writes a new one.',
      })
    }
    map = parseMapJson(found, path)
  }
  try {
    new ImportMap({ mapUrl: baseUrl, map })
  } catch (err) {
    throw UsageError.from(err as ImportMapError)
  }
  return { path, kind, text, map, baseUrl }
}

/** The map's addresses written relative to another location (the output file), for the Generator. */
export function rebaseMap(map: ImportMapJson, from: URL, to: URL, rootUrl: URL | undefined): ImportMapJson {
  return new ImportMap({ mapUrl: from, rootUrl: rootUrl ?? null, map }).rebase(to, rootUrl ?? null).toJSON()
}
