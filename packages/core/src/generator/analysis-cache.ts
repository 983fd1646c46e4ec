import type { RecordStore } from '../fetch/types.js'
import type { ProviderContext } from '../providers/context.js'
import type { ProviderRegistry } from '../providers/registry.js'
import type { ContentId } from '../providers/types.js'
import { integrity, type IntegrityAlgorithm } from '../sri.js'
import type { ModuleAnalysis, ModuleKind } from '../trace/types.js'

/**
 * Module analyses and SRI hashes, kept for the Generator's life and, for modules whose provider
 * names their bytes (`Provider.contentId`: a registry tarball's integrity and a path; a local
 * file's stamp), in the cache: one record per package version. A warm run then traces the whole graph without
 * reading a tarball, and a cold run writes what it learnt once, at the end of the trace.
 *
 * Bump {@link RECORD_FORMAT} whenever `analyzeModule` would answer differently for the same bytes.
 */
export const RECORD_FORMAT = 'esmap-modules-v1'

/** An analysis as stored: without its URL (the record is shared by every URL of the same bytes). */
interface StoredModule {
  analysis: Omit<ModuleAnalysis, 'url'>
  /** The content's stamp when it was analysed (local files); must match to be used. */
  stamp?: string
  integrity?: Partial<Record<IntegrityAlgorithm, string>>
}

/** `path\0kind` → module. */
type StoredRecord = Record<string, StoredModule>

interface LiveRecord {
  modules: StoredRecord
  dirty: boolean
}

export interface AnalysisCacheIo {
  providers: Pick<ProviderRegistry, 'byUrl'>
  ctx: ProviderContext
  records: RecordStore
}

export interface AnalysisCache {
  /** The analysis of `url` made earlier (this run or, for content-named modules, an earlier one). */
  cached(url: string, kind: ModuleKind | undefined): Promise<ModuleAnalysis | undefined>
  /** Keeps an analysis just made from `source`, with its SRI under `algorithm` when one is given. */
  analyzed(url: string, kind: ModuleKind | undefined, analysis: ModuleAnalysis, source: string | Uint8Array, algorithm: IntegrityAlgorithm | false): void
  /** SRI of `url` known without loading it, if any. */
  integrity(url: string, algorithm: IntegrityAlgorithm): Promise<string | undefined>
  /** Keeps an SRI computed elsewhere (from the bytes). */
  addIntegrity(url: string, algorithm: IntegrityAlgorithm, value: string): void
  /** Writes (in the background of the fetcher's cache) the records that learnt something; never throws. */
  flush(): Promise<void>
}

const entryKey = (path: string, kind: ModuleKind | undefined): string => `${path}\0${kind ?? ''}`

function stored(analysis: ModuleAnalysis): Omit<ModuleAnalysis, 'url'> {
  const { url: _url, ...rest } = analysis
  return { ...rest, nonLiteral: rest.nonLiteral.map(({ url: _u, ...entry }) => entry) as ModuleAnalysis['nonLiteral'] }
}

function restored(url: string, analysis: Omit<ModuleAnalysis, 'url'>): ModuleAnalysis {
  return { ...analysis, url, nonLiteral: analysis.nonLiteral.map((entry) => ({ ...entry, url })) }
}

export function createAnalysisCache(io: AnalysisCacheIo): AnalysisCache {
  const memory = new Map<string, ModuleAnalysis>()
  const hashes = new Map<string, Partial<Record<IntegrityAlgorithm, string>>>()
  const ids = new Map<string, Promise<ContentId | undefined>>()
  const records = new Map<string, Promise<LiveRecord>>()
  const pending: Promise<void>[] = []

  function contentOf(url: string): Promise<ContentId | undefined> {
    let found = ids.get(url)
    if (!found) {
      const owner = io.providers.byUrl(url)
      found = owner?.provider.contentId ? owner.provider.contentId(url, io.ctx).catch(() => undefined) : Promise.resolve(undefined)
      ids.set(url, found)
    }
    return found
  }

  function record(id: string): Promise<LiveRecord> {
    let live = records.get(id)
    if (!live) {
      live = io.records.get<StoredRecord>(`${RECORD_FORMAT} ${id}`).then((modules) => ({ modules: modules && typeof modules === 'object' ? { ...modules } : {}, dirty: false }))
      records.set(id, live)
    }
    return live
  }

  /** Runs `update` on the stored entry of `url` (created if needed) once its record is loaded. */
  function persist(url: string, key: (path: string) => string, update: (entry: StoredModule | undefined, stamp: string | undefined) => StoredModule | undefined): void {
    pending.push(
      (async () => {
        const content = await contentOf(url)
        if (!content) return
        const live = await record(content.id)
        const k = key(content.path)
        const next = update(live.modules[k], content.stamp)
        if (next === undefined) return
        live.modules[k] = next
        live.dirty = true
      })().catch(() => undefined),
    )
  }

  return {
    async cached(url, kind) {
      const known = memory.get(entryKey(url, kind))
      if (known) return known
      const content = await contentOf(url)
      if (!content) return undefined
      const entry = (await record(content.id)).modules[entryKey(content.path, kind)]
      if (!entry?.analysis || !Array.isArray(entry.analysis.imports) || entry.stamp !== content.stamp) return undefined
      const analysis = restored(url, entry.analysis)
      memory.set(entryKey(url, kind), analysis)
      if (entry.integrity) hashes.set(url, { ...entry.integrity, ...hashes.get(url) })
      return analysis
    },

    analyzed(url, kind, analysis, source, algorithm) {
      memory.set(entryKey(url, kind), analysis)
      const sri = algorithm ? { [algorithm]: integrity(source, algorithm) } : undefined
      if (sri) hashes.set(url, { ...hashes.get(url), ...sri })
      persist(url, (path) => entryKey(path, kind), (_entry, stamp) => ({ analysis: stored(analysis), ...(stamp !== undefined && { stamp }), ...(sri && { integrity: sri }) }))
    },

    async integrity(url, algorithm) {
      const known = hashes.get(url)?.[algorithm]
      if (known) return known
      // A module analysed under another attribute (kind) still has the same bytes.
      const content = await contentOf(url)
      if (!content) return undefined
      const modules = (await record(content.id)).modules
      for (const [k, entry] of Object.entries(modules)) {
        const value = k.startsWith(`${content.path}\0`) && entry.stamp === content.stamp ? entry.integrity?.[algorithm] : undefined
        if (value) return value
      }
      return undefined
    },

    addIntegrity(url, algorithm, value) {
      hashes.set(url, { ...hashes.get(url), [algorithm]: value })
      // Onto every stored analysis of these bytes; none stored yet means nothing to add to.
      persist(url, (path) => entryKey(path, undefined), (entry, stamp) => entry && entry.stamp === stamp && entry.integrity?.[algorithm] !== value ? { ...entry, integrity: { ...entry.integrity, [algorithm]: value } } : undefined)
    },

    async flush() {
      while (pending.length > 0) await Promise.all(pending.splice(0))
      for (const [id, live] of records) {
        const r = await live.catch(() => undefined)
        if (!r?.dirty) continue
        r.dirty = false
        await io.records.put(`${RECORD_FORMAT} ${id}`, r.modules)
      }
    },
  }
}
