import type { Fetcher } from '../fetch/types.js'
import type { ExactPackage, PackageJson, Registry } from '../types.js'
import { createDenoClient, type DenoClient, type DenoClientOptions } from './deno.js'
import { createJsrClient, type JsrClient, type JsrClientOptions } from './jsr.js'
import { unsupportedRegistry } from './memo.js'
import { createNpmClient, type NpmClient, type NpmClientOptions } from './npm.js'
import type { RegistryClient } from './types.js'

export interface RegistrySourceOptions {
  /** The fetcher every client shares (one cache, one set of limits, one set of counters). */
  fetcher: Fetcher
  npm?: Omit<NpmClientOptions, 'fetcher'>
  jsr?: Omit<JsrClientOptions, 'fetcher'>
  deno?: Omit<DenoClientOptions, 'fetcher'>
  /** More clients (a `github` registry, a private one); they take precedence for the registries they list. */
  clients?: readonly RegistryClient[]
}

/** Every registry client behind one {@link RegistryClient}, dispatching on `pkg.registry`. */
export interface RegistrySource extends RegistryClient {
  readonly npm: NpmClient
  readonly jsr: JsrClient
  readonly deno: DenoClient
  /** The client for `registry`; throws `ESMAP_UNSUPPORTED_REGISTRY` when none serves it. */
  client(registry: Registry): RegistryClient
  manifest(pkg: ExactPackage): Promise<PackageJson | undefined>
  contentId(pkg: ExactPackage): Promise<string | undefined>
}

export function createRegistrySource(options: RegistrySourceOptions): RegistrySource {
  const { fetcher } = options
  const npm = createNpmClient({ ...options.npm, fetcher })
  const jsr = createJsrClient({ ...options.jsr, fetcher })
  const deno = createDenoClient({ ...options.deno, fetcher })
  const all = [...(options.clients ?? []), npm, jsr, deno]
  const registries = [...new Set(all.flatMap((c) => c.registries))]

  function client(registry: Registry): RegistryClient {
    const found = all.find((c) => c.registries.includes(registry))
    if (!found) throw unsupportedRegistry(registries, registry, 'registry source')
    return found
  }

  return {
    npm,
    jsr,
    deno,
    registries,
    client,
    // async, so that an unsupported registry is a rejection like every other failure
    versions: async (registry, name) => client(registry).versions(registry, name),
    packageJson: async (pkg: ExactPackage) => client(pkg.registry).packageJson(pkg),
    files: async (pkg: ExactPackage) => client(pkg.registry).files(pkg),
    fileList: async (pkg: ExactPackage) => client(pkg.registry).fileList(pkg),
    file: async (pkg: ExactPackage, path: string) => client(pkg.registry).file(pkg, path),
    manifest: async (pkg: ExactPackage) => {
      const c = client(pkg.registry)
      return c.manifest ? c.manifest(pkg) : c.packageJson(pkg)
    },
    contentId: async (pkg: ExactPackage) => client(pkg.registry).contentId?.(pkg),
  }
}
