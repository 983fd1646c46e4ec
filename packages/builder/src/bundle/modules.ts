import { fileKind, type FileKind } from '../format.js'
import type { PackageConfig, Shim } from '../overrides.js'
import type { PackageView } from '../resolve.js'

/** The package's files as the bundler reads them: text and kind, each computed once. */
export interface PackageModules {
  view: PackageView
  text(path: string): string
  kind(path: string): FileKind
  /** The shim of a global script (by package path). */
  shim(path: string): Shim | undefined
  /** `cjsNamedExports` by package path. */
  namedExports: Readonly<Record<string, readonly string[]>>
}

/** Memoized text and kind of each file of `view` (files decode as UTF-8; a byte-order mark is dropped). */
export function packageModules(view: PackageView, config: PackageConfig, shims: ReadonlyMap<string, Shim>): PackageModules {
  const texts = new Map<string, string>()
  const kinds = new Map<string, FileKind>()
  const decoder = new TextDecoder()
  const formatContext = { files: view.files, type: config.pkg.type, format: config.format, shimmed: new Set(shims.keys()) }
  const text = (path: string): string => {
    let value = texts.get(path)
    if (value === undefined) {
      value = decoder.decode(view.files.get(path) ?? new Uint8Array())
      texts.set(path, value)
    }
    return value
  }
  return {
    view,
    text,
    kind(path) {
      let value = kinds.get(path)
      if (value === undefined) {
        value = fileKind(path, text(path), formatContext)
        kinds.set(path, value)
      }
      return value
    },
    shim: (path) => shims.get(path),
    namedExports: config.cjsNamedExports,
  }
}
