import type { IncomingHttpHeaders } from 'node:http'
import type { Reply } from '../reply.js'
import type { FixtureStore } from '../store.js'
import type { Tarball } from '../tarball.js'

/** The services the fixture server stands in for; each is served under `/<service>/`. */
export type ServiceName = 'registry' | 'jsdelivr' | 'unpkg' | 'jspm' | 'esmsh' | 'jsr' | 'deno' | 'apiland'

/** Base URL per service, each ending with `/`. */
export type FixtureUrls = Record<ServiceName, string>

/** What a route may read. */
export interface RouteContext {
  store: FixtureStore
  urls: FixtureUrls
  /** The npm tarball of a fixture version, packed once per server and cached. */
  tarball(name: string, version: string): Tarball | undefined
}

/** The request as a route sees it: `path` is the part after the service prefix, still percent-encoded. */
export interface RouteRequest {
  path: string
  headers: IncomingHttpHeaders
}

/** A service: a pure function from request to reply. */
export type Route = (req: RouteRequest, ctx: RouteContext) => Reply
