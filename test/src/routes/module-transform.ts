import { posix } from 'node:path'
import { cjsToEsm, isCommonJs, isModulePath } from '../cjs-wrapper.js'
import type { FixtureFiles } from '../store.js'
import type { Manifest } from './npm-package.js'

const decoder = new TextDecoder()
const encoder = new TextEncoder()

/** A relative `require` gets the extension Node would find (`./helper` → `./helper.js`). */
function withExtension(specifier: string, from: string, files: FixtureFiles): string {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return specifier
  const base = posix.join(posix.dirname(from), specifier)
  const suffix = ['', '.js', '.cjs', '/index.js'].find((s) => files.has(base + s))
  return specifier + (suffix ?? '')
}

/**
 * What the ESM CDNs (jspm.io, esm.sh) serve for a file: CommonJS modules converted to ES modules
 * (see cjs-wrapper.ts); `undefined` for everything else, which is served as published.
 */
export function browserModule(path: string, files: FixtureFiles, manifest: Manifest): Uint8Array | undefined {
  const raw = files.get(path)
  if (!raw || !isModulePath(path)) return undefined
  const source = decoder.decode(raw)
  if (!isCommonJs(path, source, manifest.type)) return undefined
  return encoder.encode(cjsToEsm(source, path, (s) => withExtension(s, path, files)))
}
