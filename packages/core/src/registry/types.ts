import type { ExactPackage, PackageJson, PackageSource, Registry } from '../types.js'

/**
 * A registry's client: the {@link PackageSource} methods for its own registries, plus access to
 * single files, so that a provider can list a package or read one module without the whole package.
 * Every method returns `undefined` for "not found" and throws EsmapError for real failures.
 */
export interface RegistryClient extends PackageSource {
  /** The registries this client answers for (`npm`; `jsr`; `deno`, `denoland`). */
  readonly registries: readonly Registry[]
  /** Paths of the package's files (no leading `/`), sorted. */
  fileList(pkg: ExactPackage): Promise<string[] | undefined>
  /** One file of the package, verified where the registry gives a checksum. */
  file(pkg: ExactPackage, path: string): Promise<Uint8Array | undefined>
  /**
   * The dependency fields of the version as the registry lists them, when that is cheaper than the
   * whole package.json (npm: from the packument, no tarball). Without it, `packageJson` is used.
   */
  manifest?(pkg: ExactPackage): Promise<PackageJson | undefined>
  /**
   * A name for the exact content of the version (npm: its tarball's `dist.integrity`), under which
   * what is derived from its files may be cached for good; `undefined` when there is none.
   */
  contentId?(pkg: ExactPackage): Promise<string | undefined>
}

/** `dist` of an npm version document. */
export interface NpmDist {
  tarball: string
  integrity?: string
  shasum?: string
  [field: string]: unknown
}

/** One version in an npm packument: its package.json as published, plus `dist`. */
export interface NpmVersionDocument extends PackageJson {
  name: string
  version: string
  dist: NpmDist
}

/** An npm packument (the full document; the abbreviated one has the same shape with fewer fields). */
export interface Packument {
  name: string
  'dist-tags': Record<string, string>
  versions: Record<string, NpmVersionDocument>
  time?: Record<string, string>
  [field: string]: unknown
}
