/**
 * The HTML spec's "parse an import map string" (HTML § 8.1.5.3, "Import maps"), step by step.
 * Reference: https://html.spec.whatwg.org/multipage/webappapis.html#parse-an-import-map-string
 */
import { describeJson, invalidImportMap } from './errors.js'
import type { ImportMapModel, SpecifierMap } from './model.js'
import { sortMap } from './sort.js'
import { parseAgainst, resolveUrlLike, type UrlBase } from './url.js'

/** Receives the spec's console warnings (invalid keys and addresses, unknown top-level keys). */
export type WarningHandler = (message: string) => void

type JsonObject = { [key: string]: unknown }

const topLevelKeys: ReadonlySet<string> = new Set(['imports', 'scopes', 'integrity'])

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * The spec's "parse a JSON string to an Infra value". An object input stands for the JSON text
 * that `JSON.stringify` writes for it, so both forms behave alike (`toJSON`, dropped `undefined`).
 * Object keys are visited in JavaScript's own-property order, as the spec's conversion does.
 */
function parseJson(input: unknown, mapUrl: string): unknown {
  const fix = 'write the import map as JSON: double-quoted keys and strings, no trailing commas or comments.'
  try {
    const text = typeof input === 'string' ? input : JSON.stringify(input)
    return text === undefined ? undefined : JSON.parse(text)
  } catch (cause) {
    throw invalidImportMap(mapUrl, `it is not valid JSON (${(cause as Error).message}).`, fix, cause)
  }
}

/** Spec: "parse an import map string" given `input` and `base`. */
export function parseImportMap(input: unknown, base: UrlBase, warn: WarningHandler): ImportMapModel {
  const mapUrl = base.url.href
  const sectionFix = (key: string): string => `write "${key}" as an object such as { "pkg": "https://cdn.example/pkg.js" }.`
  // 1. Let parsed be the result of parsing a JSON string to an Infra value given input.
  const parsed = parseJson(input, mapUrl)
  // 2. If parsed is not an ordered map, throw a TypeError.
  if (!isJsonObject(parsed)) {
    throw invalidImportMap(mapUrl, `the top-level value must be a JSON object, not ${describeJson(parsed)}.`, 'write the map as { "imports": { ... }, "scopes": { ... } }.')
  }
  // 3. Let sortedAndNormalizedImports be an empty ordered map.
  let imports: SpecifierMap = new Map()
  // 4. If parsed["imports"] exists: it must be an ordered map (else TypeError); sort and normalize it.
  if (Object.hasOwn(parsed, 'imports')) {
    if (!isJsonObject(parsed.imports)) throw invalidImportMap(mapUrl, `"imports" must be a JSON object, not ${describeJson(parsed.imports)}.`, sectionFix('imports'))
    imports = sortAndNormalizeSpecifierMap(parsed.imports, base, 'imports', warn)
  }
  // 5. Let sortedAndNormalizedScopes be an empty ordered map.
  let scopes: Map<string, SpecifierMap> = new Map()
  // 6. If parsed["scopes"] exists: it must be an ordered map (else TypeError); sort and normalize scopes.
  if (Object.hasOwn(parsed, 'scopes')) {
    if (!isJsonObject(parsed.scopes)) throw invalidImportMap(mapUrl, `"scopes" must be a JSON object, not ${describeJson(parsed.scopes)}.`, 'write "scopes" as an object of scope URL → specifier map.')
    scopes = sortAndNormalizeScopes(parsed.scopes, base, warn)
  }
  // 7. Let normalizedIntegrity be an empty ordered map.
  let integrity: Map<string, string> = new Map()
  // 8. If parsed["integrity"] exists: it must be an ordered map (else TypeError); normalize it.
  if (Object.hasOwn(parsed, 'integrity')) {
    if (!isJsonObject(parsed.integrity)) throw invalidImportMap(mapUrl, `"integrity" must be a JSON object, not ${describeJson(parsed.integrity)}.`, 'write "integrity" as an object of module URL → "sha384-…".')
    integrity = normalizeIntegrity(parsed.integrity, base, warn)
  }
  // 9. Warn about top-level keys other than "imports", "scopes" and "integrity".
  for (const key of Object.keys(parsed)) {
    if (!topLevelKeys.has(key)) warn(`Ignored the unknown top-level key "${key}" in the import map at ${mapUrl}.`)
  }
  // 10. Return the import map.
  return { imports, scopes, integrity }
}

/** Spec: "sort and normalize a module specifier map". */
function sortAndNormalizeSpecifierMap(original: JsonObject, base: UrlBase, section: string, warn: WarningHandler): SpecifierMap {
  // 1. Let normalized be an empty ordered map.
  const normalized: SpecifierMap = new Map()
  // 2. For each specifierKey → value of originalMap:
  for (const [specifierKey, value] of Object.entries(original)) {
    // 2.1-2.2. Normalize the key; skip it when that gives null.
    const normalizedKey = normalizeSpecifierKey(specifierKey, base, section, warn)
    if (normalizedKey === null) continue
    // 2.3. A value that is not a string: warn, and the entry becomes null.
    if (typeof value !== 'string') {
      warn(`The address of "${specifierKey}" in ${section} must be a string, not ${describeJson(value)}; the entry blocks the specifier.`)
      normalized.set(normalizedKey, null)
      continue
    }
    // 2.4. Let addressURL be the result of resolving a URL-like module specifier given value and baseURL.
    const addressUrl = resolveUrlLike(value, base)
    // 2.5. If addressURL is null: warn, and the entry becomes null.
    if (addressUrl === null) {
      warn(`The address "${value}" of "${specifierKey}" in ${section} is not a URL and does not start with "/", "./" or "../" (or fails to resolve against ${base.url.href}); the entry blocks the specifier.`)
      normalized.set(normalizedKey, null)
      continue
    }
    // 2.6. If specifierKey ends with "/" and the serialization of addressURL does not: warn, null.
    if (specifierKey.endsWith('/') && !addressUrl.href.endsWith('/')) {
      warn(`The address "${addressUrl.href}" of "${specifierKey}" in ${section} must end with "/", as its key does; the entry blocks the specifier.`)
      normalized.set(normalizedKey, null)
      continue
    }
    // 2.7. Set normalized[normalizedSpecifierKey] to addressURL.
    normalized.set(normalizedKey, addressUrl.href)
  }
  // 3. Return normalized sorted in descending code-unit order of keys.
  return sortMap(normalized)
}

/** Spec: "sort and normalize scopes". */
function sortAndNormalizeScopes(original: JsonObject, base: UrlBase, warn: WarningHandler): Map<string, SpecifierMap> {
  // 1. Let normalized be an empty ordered map.
  const normalized = new Map<string, SpecifierMap>()
  // 2. For each scopePrefix → potentialSpecifierMap of originalMap:
  for (const [scopePrefix, potentialMap] of Object.entries(original)) {
    // 2.1. If potentialSpecifierMap is not an ordered map, throw a TypeError.
    if (!isJsonObject(potentialMap)) {
      throw invalidImportMap(base.url.href, `the value of the scope "${scopePrefix}" must be a JSON object, not ${describeJson(potentialMap)}.`, `write the scope as "${scopePrefix}": { "pkg": "https://cdn.example/pkg.js" }.`)
    }
    // 2.2. Let scopePrefixURL be the result of URL parsing scopePrefix with baseURL.
    const scopePrefixUrl = parseAgainst(scopePrefix, base)
    // 2.3. If scopePrefixURL is failure: warn and continue.
    if (scopePrefixUrl === null) {
      warn(`Ignored the scope "${scopePrefix}": it does not parse as a URL against ${base.url.href}.`)
      continue
    }
    // 2.4-2.5. Set normalized[serialization of scopePrefixURL] to the sorted and normalized specifier map.
    normalized.set(scopePrefixUrl.href, sortAndNormalizeSpecifierMap(potentialMap, base, `the scope "${scopePrefix}"`, warn))
  }
  // 3. Return normalized sorted in descending code-unit order of keys.
  return sortMap(normalized)
}

/** Spec: "normalize a module integrity map". */
function normalizeIntegrity(original: JsonObject, base: UrlBase, warn: WarningHandler): Map<string, string> {
  // 1. Let normalized be an empty ordered map.
  const normalized = new Map<string, string>()
  // 2. For each key → value of originalMap:
  for (const [key, value] of Object.entries(original)) {
    // 2.1. Let resolvedURL be the result of resolving a URL-like module specifier given key and baseURL.
    const resolvedUrl = resolveUrlLike(key, base)
    // 2.2. If resolvedURL is null: warn and continue.
    if (resolvedUrl === null) {
      warn(`Ignored the integrity entry "${key}": integrity keys must be URLs or start with "/", "./" or "../".`)
      continue
    }
    // 2.3. If value is not a string: warn and continue.
    if (typeof value !== 'string') {
      warn(`Ignored the integrity entry "${key}": its value must be a string, not ${describeJson(value)}.`)
      continue
    }
    // 2.4. Set normalized[resolvedURL] to value.
    normalized.set(resolvedUrl.href, value)
  }
  // 3. Return normalized.
  return normalized
}

/** Spec: "normalize a specifier key". */
export function normalizeSpecifierKey(specifierKey: string, base: UrlBase, section: string, warn: WarningHandler): string | null {
  // 1. If specifierKey is the empty string: warn and return null.
  if (specifierKey === '') {
    warn(`Ignored the empty specifier key in ${section}: specifier keys cannot be the empty string.`)
    return null
  }
  // 2. Let url be the result of resolving a URL-like module specifier, given specifierKey and baseURL.
  const url = resolveUrlLike(specifierKey, base)
  // 3. If url is not null, return the serialization of url.
  // 4. Return specifierKey.
  return url === null ? specifierKey : url.href
}
