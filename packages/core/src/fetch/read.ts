import { EsmapError } from '../errors.js'
import type { FetchResult } from './types.js'

/** 404 and 410 mean "this does not exist": callers turn them into `undefined`. */
export function isNotFound(result: FetchResult): boolean {
  return result.status === 404 || result.status === 410
}

/** Throws `ESMAP_FETCH_FAILED` for a status that is neither a success nor "not found". */
export function assertOk(result: FetchResult): void {
  if (result.status >= 200 && result.status < 300) return
  const { origin } = new URL(result.url)
  const fix =
    result.status === 401 || result.status === 403
      ? `Check the credentials for ${origin}: an "//host/path/:_authToken" line in .npmrc for registries, or headers added through the "fetch" option.`
      : `Check that ${result.url} is the right address and that ${origin} serves it.`
  throw new EsmapError('ESMAP_FETCH_FAILED', `Fetching ${result.url} failed: the server answered HTTP ${result.status}.`, {
    specifier: result.url,
    fix,
  })
}

/** The body parsed as JSON; a body that is not JSON is `ESMAP_INVALID_RESPONSE`. */
export function parseJsonBody(result: FetchResult): unknown {
  const text = new TextDecoder().decode(result.body)
  try {
    return JSON.parse(text)
  } catch (err) {
    throw new EsmapError('ESMAP_INVALID_RESPONSE', `${result.url} did not answer with JSON (${(err as Error).message}).`, {
      specifier: result.url,
      cause: err,
      fix: `Check that ${new URL(result.url).origin} is a registry or CDN of the expected kind.`,
    })
  }
}
