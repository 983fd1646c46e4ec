import { EsmapError, type ExactPackage, type Logger, type PackageFiles, type PackageJson } from '@esmap/core'
import type { RegistryAccess } from '../upstream/registry.js'
import { assertNoLocalImports } from './check.js'
import type { BuildQueue } from './queue.js'
import type { PackageStore } from './store.js'
import { keyProblem } from '../storage/key.js'
import { sanitizeManifest } from '../upstream/sanitize.js'
import type { BuildFailure, BuildManifest, BuildOutput, PackageBuilder } from './types.js'

/** Where a package version stands. */
export type PackageState =
  | { kind: 'built'; manifest: BuildManifest }
  /** It cannot be built: every request gets its stored error. */
  | { kind: 'failed'; failure: BuildFailure }
  /** The registry has no such version. */
  | { kind: 'missing' }

/** Builds packages on first request and reads them back. */
export interface PackageService {
  /**
   * The version's state, building it first when nothing is stored. Registry failures throw
   * (they are not the package's fault, so nothing is stored and a later request tries again).
   */
  ensure(pkg: ExactPackage): Promise<PackageState>
  /** Clears what is stored for the version and builds it again. */
  rebuild(pkg: ExactPackage): Promise<PackageState>
  /** Builds run (started) since the service was created. */
  readonly builds: number
}

export interface PackageServiceOptions {
  store: PackageStore
  registry: RegistryAccess
  builder: PackageBuilder
  queue: BuildQueue
  /** Largest unpacked package, in bytes; larger ones fail to build. */
  maxPackageBytes: number
  log: Logger
  now?: () => Date
}

/** The status a stored build failure is served with: the package cannot be processed as published. */
export const BUILD_FAILED_STATUS = 422

function readPackageJson(pkg: ExactPackage, files: PackageFiles): PackageJson {
  const bytes = files.get('package.json')
  let parsed: unknown
  try {
    parsed = bytes && JSON.parse(new TextDecoder().decode(bytes))
  } catch {
    parsed = undefined
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new EsmapError('ESMAP_INVALID_PACKAGE_JSON', `npm:${pkg.name}@${pkg.version} has no valid package.json in its tarball`, {
      specifier: `npm:${pkg.name}@${pkg.version}`,
      fix: 'Publish the package with a package.json object at its root.',
    })
  }
  return parsed as PackageJson
}

export function createPackageService(options: PackageServiceOptions): PackageService {
  const { store, registry, builder, queue, log } = options
  const now = options.now ?? (() => new Date())
  let builds = 0

  async function stored(pkg: ExactPackage): Promise<PackageState | undefined> {
    const manifest = await store.manifest(pkg)
    if (manifest) return { kind: 'built', manifest }
    const failure = await store.failure(pkg)
    return failure ? { kind: 'failed', failure } : undefined
  }

  /** One build: fetch (transient errors throw), then build and store (package errors are stored). */
  async function build(pkg: ExactPackage): Promise<PackageState> {
    const again = await stored(pkg)
    if (again) return again
    builds++
    const id = `npm:${pkg.name}@${pkg.version}`
    const files = await registry.files(pkg)
    if (files === undefined) return { kind: 'missing' }
    const started = Date.now()
    let output
    try {
      output = await runBuilder(pkg, files)
    } catch (err) {
      // The package cannot be built as published: keep the error as the version's error file.
      const failure: BuildFailure = {
        name: pkg.name,
        version: pkg.version,
        status: BUILD_FAILED_STATUS,
        code: (err as { code?: unknown }).code?.toString() ?? 'ESMAP_BUILD_FAILED',
        message: err instanceof Error ? err.message : String(err),
        failedAt: now().toISOString(),
      }
      await store.saveFailure(failure)
      log('build', `${id}: failed (${failure.code})`)
      return { kind: 'failed', failure }
    }
    // Storage errors are the server's, not the package's: they throw and nothing is kept.
    const manifest = await store.save(pkg, output, now())
    log('build', `${id}: built ${Object.keys(manifest.files).length} files in ${Date.now() - started} ms`)
    return { kind: 'built', manifest }
  }

  /** The builder's output, checked: size limit, a package.json, valid file paths, no `file:` imports. */
  async function runBuilder(pkg: ExactPackage, files: PackageFiles): Promise<BuildOutput> {
    const id = `npm:${pkg.name}@${pkg.version}`
    let size = 0
    for (const bytes of files.values()) size += bytes.byteLength
    if (size > options.maxPackageBytes) {
      throw new EsmapError('ESMAP_PACKAGE_TOO_LARGE', `${id} unpacks to ${size} bytes, more than this server's limit of ${options.maxPackageBytes}`, {
        specifier: id,
        fix: 'Raise limits.maxPackageBytes of the server, or use a smaller package.',
      })
    }
    const output = await builder({ pkg, files, packageJson: readPackageJson(pkg, files) })
    for (const path of output.files.keys()) {
      const problem = keyProblem(`files/${path}`)
      if (problem !== undefined) {
        throw new EsmapError('ESMAP_BUILD_INVALID_PATH', `${id}: the build produced the file ${JSON.stringify(path)}, which cannot be served (${problem})`, {
          specifier: id,
          fix: 'Publish the package without such file names.',
        })
      }
    }
    assertNoLocalImports(pkg, output.files)
    return { files: output.files, packageJson: sanitizeManifest(output.packageJson) }
  }

  const key = (pkg: ExactPackage): string => `npm:${pkg.name}@${pkg.version}`
  return {
    async ensure(pkg) {
      return (await stored(pkg)) ?? queue.run(key(pkg), () => build(pkg))
    },
    async rebuild(pkg) {
      return queue.run(key(pkg), async () => {
        await store.clear(pkg)
        return build(pkg)
      })
    },
    get builds() {
      return builds
    },
  }
}
