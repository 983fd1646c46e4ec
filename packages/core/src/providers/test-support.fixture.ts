import { createHash } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gzipSync } from 'node:zlib'
import { createFetcher } from '../fetch/index.js'
import type { RegistryClient } from '../registry/types.js'
import type { ExactPackage, PackageJson, Registry, VersionList } from '../types.js'
import type { ProviderConfig } from './config.js'
import { createProviderContext, type ProviderContext, type ProviderFetch, type ProviderSources } from './context.js'

/** One version of an in-memory package: its package.json and files (path → text). */
export interface MemoryVersion {
  packageJson: PackageJson
  files?: Record<string, string>
}

/** An in-memory package: versions, dist-tags and yanked versions. */
export interface MemoryPackage {
  versions: Record<string, MemoryVersion>
  tags?: Record<string, string>
  yanked?: string[]
}

/** A registry client over literal data that records every call (`versions:npm:pkg`, `file:npm:pkg@1.0.0:index.js`). */
export interface MemorySource extends RegistryClient {
  readonly calls: string[]
}

export function memorySource(packages: Record<string, MemoryPackage>, registry: Registry = 'npm'): MemorySource {
  const calls: string[] = []
  const find = (pkg: ExactPackage): MemoryVersion | undefined =>
    pkg.registry === registry ? packages[pkg.name]?.versions[pkg.version] : undefined
  const bytes = (text: string): Uint8Array => new TextEncoder().encode(text)
  return {
    calls,
    registries: [registry],
    async versions(reg, name): Promise<VersionList | undefined> {
      calls.push(`versions:${reg}:${name}`)
      const entry = reg === registry ? packages[name] : undefined
      if (entry === undefined) return undefined
      return { versions: Object.keys(entry.versions), tags: entry.tags ?? {}, ...(entry.yanked ? { yanked: entry.yanked } : {}) }
    },
    async packageJson(pkg) {
      calls.push(`packageJson:${pkg.registry}:${pkg.name}@${pkg.version}`)
      return find(pkg)?.packageJson
    },
    async files(pkg) {
      calls.push(`files:${pkg.registry}:${pkg.name}@${pkg.version}`)
      const version = find(pkg)
      if (version === undefined) return undefined
      return new Map(Object.entries(version.files ?? {}).map(([path, text]) => [path, bytes(text)]))
    },
    async fileList(pkg) {
      calls.push(`fileList:${pkg.registry}:${pkg.name}@${pkg.version}`)
      const files = find(pkg)?.files
      return files && Object.keys(files).sort()
    },
    async file(pkg, path) {
      calls.push(`file:${pkg.registry}:${pkg.name}@${pkg.version}:${path}`)
      const text = find(pkg)?.files?.[path]
      return text === undefined ? undefined : bytes(text)
    },
  }
}

/** A reply of the loopback server. */
export interface TestReply {
  status: number
  /** Text, bytes, or an object sent as JSON. */
  body?: string | Uint8Array | object
  headers?: Record<string, string>
}

/** A loopback HTTP server with an ephemeral port that records every request path. */
export interface TestServer extends AsyncDisposable {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string
  /** Every request as `METHOD /path?query`, in order. */
  readonly requests: string[]
  close(): Promise<void>
}

/** Starts a server answering with `handler(path)`; `undefined` answers 404. */
export async function startTestServer(handler: (path: string) => TestReply | undefined): Promise<TestServer> {
  const requests: string[] = []
  const server = createServer((req, res) => {
    const path = req.url ?? '/'
    requests.push(`${req.method} ${path}`)
    const reply = handler(path) ?? { status: 404, body: 'not found' }
    const raw = reply.body instanceof Uint8Array
    const body = typeof reply.body === 'string' || raw ? reply.body : reply.body === undefined ? '' : JSON.stringify(reply.body)
    const type = raw ? 'application/octet-stream' : typeof reply.body === 'object' ? 'application/json' : 'text/plain'
    res.writeHead(reply.status, { 'content-type': type, ...reply.headers })
    res.end(body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const close = (): Promise<void> =>
    new Promise((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    })
  return { url: `http://127.0.0.1:${port}/`, requests, close, [Symbol.asyncDispose]: close }
}

/** The real fetch layer without a disk cache or retries. */
export function testFetch(): ProviderFetch {
  return createFetcher({ cache: false, retries: 0, timeout: 5_000, env: {}, homedir: '/nonexistent' })
}

/** A provider context over the real fetch layer and in-memory sources; log lines go to `log`. */
export function testContext(sources: ProviderSources, providerConfig: ProviderConfig = {}, log: string[] = []): ProviderContext {
  return createProviderContext({ fetch: testFetch(), sources, providerConfig, log: (type, message) => log.push(`${type}: ${message}`) })
}

/**
 * An npm tarball (`package/<path>` entries, ustar, gzipped) and its `dist.integrity`, for serving
 * a packument from the test server.
 */
export function npmTarball(files: Record<string, string>): { bytes: Uint8Array; integrity: string } {
  const blocks: Uint8Array[] = []
  for (const [path, text] of Object.entries(files)) {
    const data = new TextEncoder().encode(text)
    const header = new Uint8Array(512)
    const put = (offset: number, value: string): void => header.set(new TextEncoder().encode(value), offset)
    put(0, `package/${path}`)
    put(100, '0000644\0')
    put(108, '0000000\0')
    put(116, '0000000\0')
    put(124, `${data.length.toString(8).padStart(11, '0')}\0`)
    put(136, '00000000000\0')
    put(148, '        ')
    put(156, '0')
    put(257, 'ustar\0')
    put(263, '00')
    const sum = header.reduce((total, byte) => total + byte, 0)
    put(148, `${sum.toString(8).padStart(6, '0')}\0 `)
    blocks.push(header, data, new Uint8Array((512 - (data.length % 512)) % 512))
  }
  blocks.push(new Uint8Array(1024))
  const bytes = new Uint8Array(gzipSync(Buffer.concat(blocks)))
  return { bytes, integrity: `sha512-${createHash('sha512').update(bytes).digest('base64')}` }
}
