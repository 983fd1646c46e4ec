import { EsmapError } from '../errors.js'
import { PARSE_ERROR } from './parse-error.js'
import type { ModuleImport } from './types.js'

/**
 * The module names a WebAssembly module imports (`(import "env" "memory" …)` → `env`), each once,
 * in the order of its import section. In the ESM integration for WebAssembly each name is a
 * specifier resolved like an `import` of the module. Compiling validates the bytes; invalid
 * WebAssembly throws `ESMAP_PARSE_ERROR` naming the URL.
 */
export function wasmImports(bytes: Uint8Array, url: string): ModuleImport[] {
  let module: WebAssembly.Module
  try {
    module = new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>)
  } catch (err) {
    throw new EsmapError(PARSE_ERROR, `Could not parse ${url}: it is not a valid WebAssembly module (${(err as Error).message})`, {
      specifier: url,
      cause: err,
      fix: 'Check that the URL serves the .wasm file itself (not an HTML error page or a text file) with its exact bytes.',
    })
  }
  const names = new Set(WebAssembly.Module.imports(module).map((entry) => entry.module))
  return [...names].map((specifier) => ({ specifier, form: 'wasm-import', dynamic: false }))
}
