import { esmshRoute, jsdelivrRoute, jspmRoute, unpkgRoute } from './cdns.js'
import type { Route, ServiceName } from './context.js'
import { apilandRoute, denoRoute } from './deno.js'
import { jsrRoute } from './jsr.js'
import { registryRoute } from './registry.js'

/** Each service's route; the server mounts each under `/<service>/`. */
export const ROUTES: Readonly<Record<ServiceName, Route>> = {
  registry: registryRoute,
  jsdelivr: jsdelivrRoute,
  unpkg: unpkgRoute,
  jspm: jspmRoute,
  esmsh: esmshRoute,
  jsr: jsrRoute,
  deno: denoRoute,
  apiland: apilandRoute,
}

/** The service names, in a stable order. */
export const SERVICES: readonly ServiceName[] = Object.keys(ROUTES) as ServiceName[]
