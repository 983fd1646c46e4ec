import type { LogEntry, Logger } from '../types.js'
import type { TraceError } from './trace-error.js'
import type { ImportForm, ModuleAnalysis, ModuleFormat, ModuleKind, NonLiteralImport } from './types.js'

/** What `resolve` learns about the import it resolves. */
export interface ResolveInfo {
  /** How the importer refers to the specifier; `entry` for the entries given to `traceGraph`. */
  form: ImportForm | 'entry'
  /** True for `import()` and `import.meta.resolve`. */
  dynamic: boolean
  /** The importer's format: `cjs` asks for the `require` condition, everything else `import`. */
  parentFormat?: ModuleFormat
  attributes?: Readonly<Record<string, string>>
}

/** What `load` learns about the module it loads (from the first import that reached it). */
export interface LoadInfo {
  attributes?: Readonly<Record<string, string>>
}

export interface LoadedModule {
  source: string | Uint8Array
  /** When left out: the import's `type` attribute (`json`, `css`), else from the bytes and URL. */
  kind?: ModuleKind
}

/** The I/O of a trace, supplied by the caller (the Generator, a test, a bundler plugin). */
export interface TraceHooks {
  /**
   * The URL `specifier` resolves to from `parentUrl` (undefined for entries without
   * `options.parentUrl`), or `null` for an external or ignored module that is not traced.
   * Throwing is an error (see `continueOnError`).
   */
  resolve(specifier: string, parentUrl: string | undefined, info: ResolveInfo): Promise<string | null>
  /** The module's source, or `undefined` when there is none (an `ESMAP_MODULE_NOT_FOUND` error). */
  load(url: string, info: LoadInfo): Promise<LoadedModule | undefined>
  /**
   * An analysis of the module made earlier (a cache), asked before `load`: when there is one, the
   * module is neither loaded nor analysed again. `kind` is what the import's attributes ask for.
   */
  cached?(url: string, kind: ModuleKind | undefined): Promise<ModuleAnalysis | undefined>
  /** Told of each module analysed from its source (not of those `cached` answered), to keep it. */
  analyzed?(url: string, kind: ModuleKind | undefined, analysis: ModuleAnalysis, source: string | Uint8Array): void
}

export interface TraceOptions {
  /**
   * How many `resolve` and `load` calls may run at once, together.
   * @default 32
   */
  concurrency?: number
  /** The parent URL entries are resolved against. @default undefined */
  parentUrl?: string
  /**
   * Specifiers to leave untraced (the Generator's `ignore` option): `resolve` is not called and
   * the dependency is recorded as `null`. Also applies to entries.
   */
  ignore?: (specifier: string, parentUrl: string | undefined) => boolean
  /**
   * With `false`, the first error rejects `traceGraph` (no further hooks are called; calls in
   * flight finish unobserved). With `true`, errors are collected in `ModuleGraph.errors`, the
   * failing dependency or module is left out of `nodes`, and the walk goes on.
   * @default false
   */
  continueOnError?: boolean
  /** Keep each module's source on its node (for integrity or bundling). @default false */
  keepSources?: boolean
  /** Receives each warning as it happens (the same entries as `ModuleGraph.warnings`). */
  logger?: Logger
}

/** One traced module. Dependency maps are keyed by specifier; `null` marks external or ignored. */
export interface ModuleNode {
  url: string
  kind: ModuleKind
  format: ModuleFormat
  /** `static` when reachable from an entry through static imports only. */
  reach: 'static' | 'dynamic'
  staticDeps: Map<string, string | null>
  dynamicDeps: Map<string, string | null>
  /** Only with `keepSources`. */
  source?: string | Uint8Array
}

export interface ModuleGraph {
  /** Entry specifier → URL (`null`: external or ignored). A failed entry is left out. */
  entries: Map<string, string | null>
  /** Every analysed module, static ones first, in breadth-first order from the entries. */
  nodes: Map<string, ModuleNode>
  /** URLs reachable through static imports only (what to preload), breadth-first. */
  staticDeps: string[]
  /** URLs reachable only through at least one dynamic import, breadth-first. */
  dynamicDeps: string[]
  /** Computed specifiers that could not be traced, with the module that contains them. */
  nonLiteral: NonLiteralImport[]
  /** With `continueOnError`: every error, in the order met. */
  errors: TraceError[]
  /** `{ type: 'trace', message }` warnings (non-literal imports, unresolved entries). */
  warnings: LogEntry[]
}
