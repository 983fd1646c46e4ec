import { jspmPackageJson } from '../jspm-package.js'
import { notFoundText } from '../reply.js'
import type { Reply } from '../reply.js'
import type { RouteContext, RouteRequest } from './context.js'
import { browserModule } from './module-transform.js'
import { legacyEntry, serveNpmCdn } from './npm-cdn.js'
import type { NpmCdnLayout } from './npm-cdn.js'
import type { Manifest } from './npm-package.js'

const encoder = new TextEncoder()

/** jsDelivr: `/npm/name@version/path`, raw files; the root redirects to `browser` (string) or `main`. */
export function jsdelivrRoute(req: RouteRequest, ctx: RouteContext): Reply {
  if (!req.path.startsWith('npm/')) return notFoundText(req.path)
  const layout: NpmCdnLayout = {
    url: (name, version, path) => `${ctx.urls.jsdelivr}npm/${name}@${version}/${path}`,
    ranges: true,
    typescript: 'text',
    entry: (m, files) => legacyEntry(typeof m.browser === 'string' ? m.browser : m.main, files),
  }
  return serveNpmCdn(req.path.slice('npm/'.length), layout, ctx)
}

/** unpkg: `/name@version/path`, raw files; the root redirects to `main`. */
export function unpkgRoute(req: RouteRequest, ctx: RouteContext): Reply {
  const layout: NpmCdnLayout = {
    url: (name, version, path) => `${ctx.urls.unpkg}${name}@${version}/${path}`,
    ranges: true,
    typescript: 'text',
    entry: (m, files) => legacyEntry(m.main, files),
  }
  return serveNpmCdn(req.path, layout, ctx)
}

/**
 * jspm.io: `/npm:name@version/path`, exact versions only. `package.json` is the processed one
 * (enumerated exports, file listing; see jspm-package.ts); CommonJS modules are served converted
 * to ES modules (see cjs-wrapper.ts); other files as published.
 */
export function jspmRoute(req: RouteRequest, ctx: RouteContext): Reply {
  if (!req.path.startsWith('npm:')) return notFoundText(req.path)
  const layout: NpmCdnLayout = {
    url: (name, version, path) => `${ctx.urls.jspm}npm:${name}@${version}/${path}`,
    ranges: false,
    typescript: 'javascript',
    entry: () => undefined,
    transform(path, files, manifest) {
      if (path !== 'package.json') return browserModule(path, files, manifest)
      return encoder.encode(JSON.stringify(jspmPackageJson(manifest, [...files.keys()]), null, 2))
    },
  }
  return serveNpmCdn(req.path.slice('npm:'.length), layout, ctx)
}

/** The conditions esm.sh resolves a package root with (a browser build). */
const ESM_SH_CONDITIONS = new Set(['browser', 'import', 'module', 'default'])

/** The first target `value` gives under the conditions (Node's order: object key order, arrays in turn). */
function conditionalTarget(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (Array.isArray(value)) return value.map(conditionalTarget).find((t) => t !== undefined)
  if (value === null || typeof value !== 'object') return undefined
  for (const [condition, target] of Object.entries(value)) {
    if (ESM_SH_CONDITIONS.has(condition)) return conditionalTarget(target)
  }
  return undefined
}

function esmEntry(manifest: Manifest, files: ReadonlyMap<string, Uint8Array>): string | undefined {
  const exports = manifest.exports
  if (exports !== undefined) {
    const root = exports !== null && typeof exports === 'object' && !Array.isArray(exports) && '.' in exports ? (exports as Record<string, unknown>)['.'] : exports
    const target = conditionalTarget(root)
    return target === undefined ? undefined : target.replace(/^\.\//, '')
  }
  const legacy = typeof manifest.module === 'string' ? manifest.module : typeof manifest.browser === 'string' ? manifest.browser : manifest.main
  return legacyEntry(legacy, files)
}

/**
 * esm.sh: `/*name@version/path` (`*`: every dependency external, kept as bare imports) and
 * `/name@version/path`. The root redirects to the browser ESM entry; CommonJS is converted.
 */
export function esmshRoute(req: RouteRequest, ctx: RouteContext): Reply {
  const star = req.path.startsWith('*') ? '*' : ''
  const layout: NpmCdnLayout = {
    url: (name, version, path) => `${ctx.urls.esmsh}${star}${name}@${version}/${path}`,
    ranges: true,
    typescript: 'javascript',
    entry: esmEntry,
    transform: browserModule,
  }
  return serveNpmCdn(req.path.slice(star.length), layout, ctx)
}
