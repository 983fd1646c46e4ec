import { createHash } from 'node:crypto'
import { CACHE, CORS, fileReply, jsonReply, notFoundText } from '../reply.js'
import type { Reply } from '../reply.js'
import { highestVersion } from '../semver.js'
import type { FixtureFiles, FixturePackage } from '../store.js'
import type { RouteContext, RouteRequest } from './context.js'

const decoder = new TextDecoder()

/** The package config JSR reads `exports` from. */
const CONFIG_FILES = ['jsr.json', 'jsr.jsonc', 'deno.json', 'deno.jsonc'] as const

/** `exports` of a JSR version in the normalised object form (`"./mod.ts"` → `{ ".": "./mod.ts" }`). */
export function jsrExports(files: FixtureFiles): Record<string, string> {
  const config = CONFIG_FILES.map((f) => files.get(f)).find((raw) => raw !== undefined)
  const exports = config ? (JSON.parse(decoder.decode(config)) as { exports?: unknown }).exports : undefined
  if (typeof exports === 'string') return { '.': exports }
  return exports !== null && typeof exports === 'object' ? (exports as Record<string, string>) : {}
}

/** The latest version JSR reports: the highest that is neither yanked nor a prerelease. */
export function jsrLatest(pkg: FixturePackage): string | undefined {
  const yanked = new Set(pkg.meta.yanked)
  return highestVersion([...pkg.versions.keys()].filter((v) => !yanked.has(v)))
}

function packageMeta(pkg: FixturePackage): Reply {
  const [scope, name] = pkg.name.slice(1).split('/')
  const yanked = new Set(pkg.meta.yanked)
  const versions = Object.fromEntries([...pkg.versions.keys()].reverse().map((v) => [v, yanked.has(v) ? { yanked: true } : {}]))
  const latest = jsrLatest(pkg)
  return jsonReply(200, { scope, name, ...(latest === undefined ? {} : { latest }), versions }, { ...CORS, 'cache-control': CACHE.short })
}

function versionMeta(files: FixtureFiles): Reply {
  const manifest = Object.fromEntries(
    [...files.keys()].sort().map((path) => {
      const bytes = files.get(path) ?? new Uint8Array()
      return [`/${path}`, { size: bytes.length, checksum: `sha256-${createHash('sha256').update(bytes).digest('hex')}` }]
    }),
  )
  return jsonReply(200, { manifest, exports: jsrExports(files) }, { ...CORS, 'cache-control': CACHE.immutable })
}

/**
 * The JSR registry API (reference 004): `/@scope/name/meta.json`, `/@scope/name/VERSION_meta.json`
 * (`manifest` with sha256 checksums and normalised `exports`; no module graph), and module files
 * at `/@scope/name/VERSION/path` (TypeScript as `application/typescript`).
 */
export function jsrRoute(req: RouteRequest, ctx: RouteContext): Reply {
  const m = /^(@[^/]+\/[^/]+)\/(.+)$/.exec(req.path)
  const pkg = m?.[1] === undefined ? undefined : ctx.store.get('jsr', m[1])
  const rest = m?.[2] ?? ''
  if (!pkg) return notFoundText(`JSR package ${m?.[1] ?? req.path}`)
  if (rest === 'meta.json') return packageMeta(pkg)
  const metaOf = /^([^/]+)_meta\.json$/.exec(rest)?.[1]
  if (metaOf !== undefined) {
    const files = pkg.versions.get(metaOf)
    return files ? versionMeta(files) : notFoundText(`${pkg.name}@${metaOf}`)
  }
  const slash = rest.indexOf('/')
  const version = rest.slice(0, slash)
  const path = decodeURIComponent(rest.slice(slash + 1))
  const bytes = slash === -1 ? undefined : pkg.versions.get(version)?.get(path)
  return bytes ? fileReply(path, bytes, 'typescript') : notFoundText(`${pkg.name}@${version}/${path}`)
}
