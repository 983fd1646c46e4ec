import { pathToFileURL } from 'node:url'
import { EsmapError } from '../errors.js'
import { relativeUrl } from '../html/url.js'
import type { ImportMap } from '../importmap/index.js'
import { packageKey, type InstalledPackage } from '../install/index.js'
import { lookupPackage, resolvePackageBase, resolvePackageConfig, type ResolvedPackage } from '../providers/index.js'
import { integrity as sri } from '../sri.js'
import { parseTarget, type InstallTargetInput } from '../target/index.js'
import type { ExactPackage, ImportMapJson, LogEntry, PackageJson } from '../types.js'
import { injectHtml, pageRoots, shimsResource, type HtmlInjectOptions } from './html.js'
import { readInputMap, type InputState } from './input-map.js'
import { loadModule } from './load.js'
import { resolveGeneratorOptions, type GeneratorOptions } from './options.js'
import { splitSpecifier } from './resolve.js'
import { createSession, type Session } from './session.js'
import { buildMap, reachable, traceRoots, type GeneratorCaches, type TraceResult } from './trace.js'

/** What `install` and `link` return: the full URLs of the modules they reach. */
export interface InstallResult {
  staticDeps: string[]
  dynamicDeps: string[]
}

/** An install target: `lit@^3`, `npm:lit@3/decorators.js`, `jsr:@std/path`, a URL or folder, or the object form. */
export type Install = string | InstallTargetInput

/**
 * The import map generator. A thin facade: versions come from the installer, files from the
 * providers and `exports`, the graph from the tracer, and the map from `ImportMap`; this class
 * only keeps the roots (what was installed and linked) and wires those modules together.
 */
export class Generator {
  readonly #session: Session
  readonly #caches: GeneratorCaches = { infos: new Map(), modules: new Map() }
  readonly #input: InputState
  /** Bare specifiers and module URLs the map is traced from. */
  readonly #roots = new Set<string>()
  #map: ImportMap
  #last: TraceResult | undefined

  constructor(options: GeneratorOptions = {}) {
    const resolved = resolveGeneratorOptions(options)
    const probe = createSession(resolved, undefined)
    this.#input = readInputMap(probe.providers, resolved.inputMap, resolved.mapUrl, resolved.rootUrl)
    this.#session = createSession(resolved, this.#input.lock)
    for (const pin of this.#input.pins) this.#roots.add(pin)
    this.#map = buildMap(this.#session, this.#input.custom, { resolutions: { imports: new Map(), scopes: new Map() }, integrity: new Map() })
  }

  /** The current map. */
  get importMap(): ImportMap {
    return this.#map
  }

  /** The current map as JSON, with URLs relative to mapUrl (or root-relative under rootUrl). */
  getMap(): ImportMapJson {
    return this.#map.toJSON() as ImportMapJson
  }

  /**
   * Installs packages at the top level and traces their modules. Without targets, reinstalls
   * what the input map pins. Each target's subpaths (the main entry by default) are mapped.
   */
  async install(targets?: Install | readonly Install[]): Promise<InstallResult> {
    if (targets === undefined) return this.reinstall()
    const list = Array.isArray(targets) ? (targets as readonly Install[]) : [targets as Install]
    const roots: string[] = []
    for (const input of list) {
      const target = parseTarget(input)
      let alias: string
      if (target.kind === 'package') {
        alias = target.alias
        await this.#session.installer.installPrimary(alias, target.target)
      } else {
        const url = target.kind === 'url' ? target.url : new URL(target.path, pathToFileURL(`${this.#session.options.cwd}/`)).href
        const folder = url.endsWith('/') ? url : `${url}/`
        const name = target.alias ?? (await resolvePackageConfig(this.#session.providers, folder, this.#session.ctx))?.name
        if (!name) {
          throw new EsmapError('ESMAP_INVALID_TARGET', `Cannot tell the name of the package at ${folder}`, { specifier: folder, fix: 'Give an alias: { target, alias }.' })
        }
        alias = name
        await this.#session.installer.installPrimary(alias, { url: folder })
      }
      for (const subpath of target.subpaths) roots.push(subpath === '.' ? alias : `${alias}${subpath.slice(1)}`)
    }
    return this.#trace(roots)
  }

  /** Traces modules (bare specifiers, or URLs and paths relative to `parentUrl`) and adds what they import to the map. */
  async link(specifiers: string | readonly string[], parentUrl?: string | URL): Promise<InstallResult> {
    const base = parentUrl === undefined ? this.#session.options.mapUrl : new URL(parentUrl, this.#session.options.mapUrl)
    const list = typeof specifiers === 'string' ? [specifiers] : specifiers
    const roots = list.map((s) => (/^(\.{1,2})?\//.test(s) || /^[a-z][a-z\d+.-]*:/i.test(s) ? new URL(s, base).href : s))
    return this.#trace(roots)
  }

  /** Moves these packages (all top-level ones when omitted), every subpath together, to the latest in range. */
  async update(names?: string | readonly string[]): Promise<InstallResult> {
    const list = typeof names === 'string' ? [names] : names
    await this.#session.installer.update(list)
    return this.#trace([])
  }

  /** Removes top-level installs and everything only they reached. */
  async uninstall(names: string | readonly string[]): Promise<InstallResult> {
    const list = typeof names === 'string' ? [names] : [...names]
    const pinned = new Set([...this.#roots].map((r) => splitSpecifier(r)[0]))
    const missing = list.filter((n) => !pinned.has(n))
    if (missing.length > 0) {
      throw new EsmapError('ESMAP_NOT_INSTALLED', `Cannot uninstall ${missing.map((n) => `"${n}"`).join(', ')}: not in the map's imports`, {
        specifier: missing[0],
        fix: `Installed: ${[...pinned].sort().join(', ') || 'nothing'}.`,
      })
    }
    for (const root of [...this.#roots]) if (list.includes(splitSpecifier(root)[0])) this.#roots.delete(root)
    this.#session.installer.uninstall(list)
    return this.#trace([])
  }

  /** Traces every root again (after an option or lock change). */
  async reinstall(): Promise<InstallResult> {
    return this.#trace([...this.#roots])
  }

  /** Resolves a specifier through the current map. */
  resolve(specifier: string, parentUrl: string | URL = this.#session.options.mapUrl): string {
    return this.#map.resolve(specifier, parentUrl)
  }

  /**
   * The map for some of the roots only (a page of a multi-page app): traced on its own, with
   * the versions this generator has chosen.
   */
  async extractMap(roots: string | readonly string[], parentUrl?: string | URL): Promise<{ map: ImportMapJson } & InstallResult> {
    const base = parentUrl === undefined ? this.#session.options.mapUrl : new URL(parentUrl, this.#session.options.mapUrl)
    const list = (typeof roots === 'string' ? [roots] : roots).map((s) => (/^(\.{1,2})?\//.test(s) ? new URL(s, base).href : s))
    const result = await traceRoots(this.#session, this.#caches, this.#input.custom, list)
    const map = buildMap(this.#session, this.#input.custom, result)
    return { map: map.toJSON() as ImportMapJson, ...reachable(result.graph, list) }
  }

  /** Traces the page's module scripts and writes map, preloads and integrity into it. */
  async htmlInject(html: string, options: HtmlInjectOptions = {}): Promise<string> {
    const { options: o } = this.#session
    const htmlUrl = new URL(options.htmlUrl ?? o.mapUrl, o.mapUrl).href
    const traced = options.trace === false ? [] : await pageRoots(html, htmlUrl)
    const extra = Array.isArray(options.trace) ? options.trace : []
    const pins = options.pins === true ? [...this.#roots] : Array.isArray(options.pins) ? options.pins : []
    const roots = [...new Set([...traced, ...extra, ...pins])]
    const result = await traceRoots(this.#session, this.#caches, this.#input.custom, roots)
    for (const root of [...extra, ...pins]) this.#roots.add(root)
    const map = buildMap(this.#session, this.#input.custom, result)
    const rootUrl = options.rootUrl === undefined ? (o.rootUrl ?? null) : new URL(options.rootUrl, htmlUrl)
    map.rebase(htmlUrl, rootUrl)
    const withIntegrity = options.integrity ?? o.integrity !== false
    const deps = reachable(result.graph, roots)
    const preload = options.preload === true ? 'static' : options.preload
    const own = new Set(traced)
    const preloadUrls = preload === 'all' ? [...deps.staticDeps, ...deps.dynamicDeps] : preload === 'static' ? deps.staticDeps : []
    const integrityOf = async (url: string): Promise<string | undefined> => {
      const known = result.integrity.get(url)
      if (known) return known
      const bytes = await loadModule(this.#session, this.#caches.modules, url)
      return bytes ? sri(bytes, o.integrity || 'sha384') : undefined
    }
    const preloads = preload ? await Promise.all(preloadUrls.filter((u) => !own.has(u) && !u.startsWith('data:')).map(async (url) => ({ url: relativeUrl(url, htmlUrl, rootUrl ?? undefined), integrity: withIntegrity ? await integrityOf(url) : undefined }))) : undefined
    const json = map.toJSON() as ImportMapJson
    if (!withIntegrity) delete json.integrity
    return injectHtml(html, {
      htmlUrl,
      map: json as { imports?: Record<string, string> },
      preloads,
      esModuleShims: await shimsResource(options.esModuleShims, withIntegrity, integrityOf),
      whitespace: options.whitespace,
      comment: options.comment,
      nonce: options.nonce,
      crossorigin: options.crossorigin,
      integrity: withIntegrity,
    })
  }

  /** Log lines as they come (`trace`, `install`, `fetch`, `providers`), until the reader stops. */
  async *logStream(): AsyncGenerator<LogEntry> {
    const { logLines, onLog } = this.#session
    let next = 0
    for (;;) {
      while (next < logLines.length) yield logLines[next++]!
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          onLog.delete(wake)
          resolve()
        }
        onLog.add(wake)
      })
    }
  }

  /** Resolves an install target to its exact package and URL, without installing it. */
  async lookup(target: string): Promise<ResolvedPackage | undefined> {
    const parsed = parseTarget(target)
    if (parsed.kind !== 'package') throw new EsmapError('ESMAP_INVALID_TARGET', `lookup takes a package target, got "${target}"`, { specifier: target, fix: 'Use the form name@range.' })
    return lookupPackage(this.#session.providers, parsed.target, this.#session.ctx, { unstable: parsed.unstable, parentUrl: this.#session.options.mapUrl.href })
  }

  /** The package.json a package (or the package of a URL) is served with. */
  getPackageConfig(pkgOrUrl: ExactPackage | string): Promise<PackageJson | undefined> {
    return resolvePackageConfig(this.#session.providers, pkgOrUrl, this.#session.ctx)
  }

  /** The base URL of the package a URL belongs to. */
  getPackageBase(url: string): Promise<string> {
    return resolvePackageBase(this.#session.providers, url, this.#session.ctx)
  }

  /** Empties the disk cache this generator uses. */
  clearCache(): Promise<void> {
    return this.#session.fetcher.clearCache()
  }

  /** Fetches through the generator's fetch layer (cache, retries, offline). */
  async fetch(url: string): Promise<Uint8Array | undefined> {
    return this.#session.fetcher.bytes(url)
  }

  /** Counters of the fetch layer: requests, bytes, cache hits. */
  stats(): ReturnType<Session['fetcher']['stats']> {
    return this.#session.fetcher.stats()
  }

  /** What changed since the input map, per package (for summaries). */
  changes(): ReturnType<Session['installer']['changes']> {
    return this.#session.installer.changes()
  }

  async #trace(newRoots: readonly string[]): Promise<InstallResult> {
    for (const root of newRoots) this.#roots.add(root)
    const roots = [...this.#roots]
    const result = await traceRoots(this.#session, this.#caches, this.#input.custom, roots)
    this.#last = result
    this.#map = buildMap(this.#session, this.#input.custom, result)
    const keys = new Set<string>()
    for (const url of [...result.graph.staticDeps, ...result.graph.dynamicDeps]) {
      const owner = this.#session.providers.byUrl(url)
      if (owner) keys.add(packageKey(owner.pkg as InstalledPackage))
    }
    this.#session.installer.prune(keys)
    return reachable(result.graph, newRoots.length > 0 ? newRoots : roots)
  }
}
