import type { ExactPackage, PackageFiles, PackageJson } from '@esmap/core'

/** What a builder gets: one published package version, its files from the tarball and its package.json. */
export interface BuildInput {
  pkg: ExactPackage
  /** The tarball's files (paths without `package/`). */
  files: PackageFiles
  /** The package.json as published. */
  packageJson: PackageJson
}

/** What a builder returns: the files to serve (at their published paths) and the processed package.json. */
export interface BuildOutput {
  files: ReadonlyMap<string, Uint8Array>
  /** Served as `package.json`: enumerated `exports` and a `files` listing (reference 002). */
  packageJson: PackageJson
}

/**
 * Turns a package into browser ES modules. Throwing means the package cannot be built: the
 * error is kept as the version's error file. The server uses `@esmap/builder` when it provides
 * `buildPackage`, else {@link rawBuilder}.
 */
export type PackageBuilder = (input: BuildInput) => Promise<BuildOutput>

/** One stored file: its strong ETag and size. */
export interface StoredFile {
  etag: string
  size: number
}

/** `build.json`, written last: its presence means the whole build is stored. */
export interface BuildManifest {
  name: string
  version: string
  /** ISO time of the build. */
  builtAt: string
  /** Every served path (the processed `package.json` included) → its ETag and size. */
  files: Record<string, StoredFile>
}

/** `error.json`: a build that failed for a reason that will not change (the package itself). */
export interface BuildFailure {
  name: string
  version: string
  /** The status every request for this version gets. */
  status: number
  code: string
  message: string
  failedAt: string
}
