import type { ImportMap } from '../importmap/index.js'
import type { InstallChange } from '../install/index.js'
import { resolvePackageBase, resolvePackageConfig } from '../providers/index.js'
import type { ExactPackage, ImportMapJson, LogEntry, PackageJson } from '../types.js'
import type { FetchStats } from '../fetch/index.js'
import { buildMap } from './build-map.js'
import { injectPage, type HtmlInjectOptions } from './html.js'
import { lookupTarget, type LookupResult } from './lookup.js'
import { notInstalled } from './messages.js'
import { resolveGeneratorOptions, type GeneratorOptions } from './options.js'
import { assertInstalled, installRoots, linkRoots, rootAlias, rootKey, type Install, type Root } from './roots.js'
import { createSession, type Session } from './session.js'
import { createCaches, reachable, traceRoots, type TraceResult } from './trace.js'

/** What `install`, `link` and the other edits return: the full URLs of the modules they reach. */
export interface InstallResult {
  staticDeps: string[]
  dynamicDeps: string[]
}

/**
 * The import map generator, with the API of the JSPM Generator. A thin facade: versions come from
 * the installer, files from the providers and `exports`, the graph from the tracer, the map from
 * `ImportMap`; this class keeps the roots (what was installed and linked) and the current map, and
 * traces the roots again after every edit, so the map always holds exactly what they reach.
 */
export class Generator {
  readonly #session: Session
  readonly #caches = createCaches()
  readonly #custom: ImportMap
  /** What the map is traced from (`rootKey` → root): the input map's pins, installs and links. */
  #roots = new Map<string, Root>()
  #map: ImportMap
  /** Peer conflicts already logged. */
  readonly #warned = new Set<string>()
  /** Calls that trace run one at a time, in call order: each sees the roots and versions the previous left. */
  #queue: Promise<unknown> = Promise.resolve()

  constructor(options: GeneratorOptions = {}) {
    const { session, input } = createSession(resolveGeneratorOptions(options))
    this.#session = session
    this.#custom = input.custom
    this.#map = input.map
    for (const specifier of input.pins) this.#addRoot({ specifier, parentUrl: session.options.mapUrl.href })
  }

  /** The current map (an `ImportMap`: resolve, edit, serialize). */
  get importMap(): ImportMap {
    return this.#map
  }

  /** The current map as JSON, with URLs relative to mapUrl (or root-relative under rootUrl). */
  getMap(): ImportMapJson {
    return this.#map.toJSON()
  }

  /**
   * Installs packages at the top level (`npm install <targets>`: each takes the latest version in
   * its range) and maps their subpaths (the main entry by default). Without targets, `reinstall`.
   */
  install(targets?: Install | readonly Install[]): Promise<InstallResult> {
    if (targets === undefined) return this.reinstall()
    const list: readonly Install[] = Array.isArray(targets) ? targets : [targets as Install]
    return this.#serial(async () => {
      const { installer } = this.#session
      const before = new Set(installer.toLock().primary.keys())
      try {
        return await this.#commit(await installRoots(this.#session, list))
      } catch (err) {
        // A failed install leaves no new top-level version behind.
        installer.uninstall([...installer.toLock().primary.keys()].filter((alias) => !before.has(alias)))
        throw err
      }
    })
  }

  /** Traces modules (paths and URLs relative to `parentUrl`, or bare specifiers resolved from it) and maps what they import. */
  link(specifiers: string | readonly string[], parentUrl?: string | URL): Promise<InstallResult> {
    const base = new URL(parentUrl ?? this.#session.options.mapUrl, this.#session.options.mapUrl).href
    return this.#serial(() => this.#commit(linkRoots(typeof specifiers === 'string' ? [specifiers] : specifiers, base)))
  }

  /** Moves these packages (every one when omitted), every subpath and every copy together, to the latest in range. */
  update(names?: string | readonly string[]): Promise<InstallResult> {
    const list = typeof names === 'string' ? [names] : names
    return this.#serial(async () => {
      if (list) assertInstalled(this.#session.installer, list)
      await this.#session.installer.update(list)
      return this.#commit([])
    })
  }

  /** Removes top-level installs and links, and everything only they reached. */
  uninstall(names: string | readonly string[]): Promise<InstallResult> {
    const list = typeof names === 'string' ? [names] : [...names]
    return this.#serial(() => {
      const pinned = new Set([...this.#roots.values()].map(rootAlias).filter((a): a is string => a !== undefined))
      const missing = list.filter((n) => !pinned.has(n))
      if (missing.length > 0) throw notInstalled('uninstall', missing, [...pinned].sort())
      for (const [key, root] of this.#roots) if (list.includes(rootAlias(root) ?? '')) this.#roots.delete(key)
      const { installer } = this.#session
      installer.uninstall(list.filter((alias) => installer.get(null, alias) !== undefined))
      return this.#commit([])
    })
  }

  /** Traces every root again: conditions re-applied, missing dependencies added, locks kept (`npm install`). */
  reinstall(): Promise<InstallResult> {
    return this.#serial(() => this.#commit([]))
  }

  /** Resolves a specifier through the current map, as a browser would. */
  resolve(specifier: string, parentUrl: string | URL = this.#session.options.mapUrl): string {
    return this.#map.resolve(specifier, parentUrl)
  }

  /**
   * The map for some roots only (a page of a multi-page app), traced on its own with the versions
   * this generator has chosen; the generator's own map and roots are unchanged.
   */
  extractMap(specifiers: string | readonly string[], parentUrl?: string | URL): Promise<{ map: ImportMapJson } & InstallResult> {
    const base = new URL(parentUrl ?? this.#session.options.mapUrl, this.#session.options.mapUrl).href
    return this.#serial(async () => {
      const result = await this.#trace(linkRoots(typeof specifiers === 'string' ? [specifiers] : specifiers, base))
      const map = buildMap(this.#session.options, this.#custom, result)
      return { map: map.toJSON(), ...reachable(result.graph, result.roots.values()) }
    })
  }

  /** Traces the page's module scripts and writes its map, preloads, integrity and es-module-shims into it. */
  htmlInject(html: string, options: HtmlInjectOptions = {}): Promise<string> {
    return this.#serial(() => injectPage({ session: this.#session, caches: this.#caches, custom: this.#custom, pins: [...this.#roots.values()] }, html, options))
  }

  /** Log lines as they come (`trace`, `install`, `providers`, `fetch`), until the reader stops. */
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

  /** Resolves an install target (`lit@^3/html.js`) to its exact package and URL, without installing it. */
  lookup(target: string): Promise<LookupResult | undefined> {
    return lookupTarget(this.#session, target)
  }

  /** The package.json a package (or the package of a URL) is served with. */
  getPackageConfig(pkgOrUrl: ExactPackage | string): Promise<PackageJson | undefined> {
    return resolvePackageConfig(this.#session.providers, pkgOrUrl, this.#session.ctx)
  }

  /** The base URL of the package a URL belongs to (ends in `/`). */
  getPackageBase(url: string): Promise<string> {
    return resolvePackageBase(this.#session.providers, url, this.#session.ctx)
  }

  /** Empties the disk cache this generator uses. */
  clearCache(): Promise<void> {
    return this.#session.fetcher.clearCache()
  }

  /** Fetches through the generator's fetch layer (its cache, retries and offline mode). */
  async fetch(url: string | URL): Promise<Response> {
    const result = await this.#session.fetcher.fetch(String(url))
    const body = result.status === 204 || result.status === 304 ? null : (result.body as Uint8Array<ArrayBuffer>)
    return new Response(body, { status: result.status, headers: result.headers })
  }

  /** (esmap) Counters of the fetch layer: requests, bytes, cache hits. */
  stats(): FetchStats {
    return this.#session.fetcher.stats()
  }

  /** (esmap) What changed since the input map, per package (for summaries). */
  changes(): InstallChange[] {
    return this.#session.installer.changes()
  }

  /** Peer conflicts are a state of the installer, not an event: logged once each, after the trace that made them. */
  #logPeerConflicts(): void {
    for (const warning of this.#session.installer.warnings) {
      if (warning.code !== 'ESMAP_PEER_CONFLICT' || this.#warned.has(warning.message)) continue
      this.#warned.add(warning.message)
      this.#session.log('install', `${warning.code}: ${warning.message}`)
    }
  }

  /** Runs `work` after every call before it has settled. */
  #serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work)
    this.#queue = run.catch(() => undefined)
    return run
  }

  #addRoot(root: Root): void {
    this.#roots.set(rootKey(root), root)
  }

  #trace(roots: readonly Root[]): Promise<TraceResult> {
    const { options } = this.#session
    return traceRoots(this.#session, this.#caches, this.#custom, roots, options.integrity)
  }

  /** Adds roots, traces them all, and makes the result the map; on failure nothing changes. */
  async #commit(added: readonly Root[]): Promise<InstallResult> {
    const roots = new Map(this.#roots)
    for (const root of added) roots.set(rootKey(root), root)
    const result = await this.#trace([...roots.values()])
    this.#roots = roots
    this.#map = buildMap(this.#session.options, this.#custom, result)
    this.#session.installer.prune(result.reached)
    this.#logPeerConflicts()
    const asked = added.length > 0 ? added.map((root) => result.roots.get(rootKey(root)) ?? null) : result.roots.values()
    return reachable(result.graph, asked)
  }
}
