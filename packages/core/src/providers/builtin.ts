import { deno } from './deno.js'
import { esmSh } from './esm-sh.js'
import { esmap } from './esmap.js'
import { jspmIo } from './jspm-io.js'
import { jsr } from './jsr.js'
import { nodemodules } from './nodemodules.js'
import { jsdelivr, self, unpkg } from './raw-cdns.js'
import { skypack } from './skypack.js'
import type { Provider } from './types.js'

/** The names of the built-in providers. */
export type BuiltinProviderName = 'jspm.io' | 'jsdelivr' | 'unpkg' | 'esm.sh' | 'skypack' | 'deno' | 'jsr' | 'nodemodules' | 'self' | 'esmap'

/**
 * The built-in providers, a typed strategy map. The key order is the order in which `byUrl` asks
 * them who owns a URL (after custom providers).
 */
export const builtinProviders: Readonly<Record<BuiltinProviderName, Provider>> = {
  'jspm.io': jspmIo,
  jsdelivr,
  unpkg,
  'esm.sh': esmSh,
  skypack,
  jsr,
  deno,
  nodemodules,
  self,
  esmap,
}
