import { defaultEnv, type ImportMapJson, type InstallTargetInput } from '@esmap/core'

/** The arguments of `/generate` (reference 000), read from a query string or a JSON body. */
export interface GenerateArgs {
  /** Package targets: `name@range/subpath` strings, or `{ target, alias?, subpath?, subpaths? }`. */
  install: (string | InstallTargetInput)[]
  /** @default ['browser', 'development', 'module'] */
  env: string[]
  /** Resolutions that take precedence in the output map. */
  inputMap: ImportMapJson | undefined
  /** The Generator's `defaultProvider`. @default the server itself ('esmap') */
  provider: string | undefined
  /** Return just `imports` (no `scopes`) wherever that changes no resolution. @default false */
  flattenScope: boolean
  /** Include the traced graph, grouped by package. @default false */
  graph: boolean
}

/** A bad argument: the message of a 400. */
export interface ArgsProblem {
  error: string
}

export const ARG_NAMES: readonly string[] = ['install', 'env', 'inputMap', 'provider', 'flattenScope', 'graph']

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const problem = (error: string): ArgsProblem => ({ error })

/** True for the {@link ArgsProblem} the readers return instead of a value. */
export const isProblem = (value: unknown): value is ArgsProblem => isObject(value) && typeof value.error === 'string' && Object.keys(value).length === 1

/** A GET list: a JSON array (`["a","b"]`), else comma-separated (`a,b`); repeated parameters add up. */
function queryList(values: string[], name: string): unknown[] | ArgsProblem {
  const out: unknown[] = []
  for (const value of values) {
    const text = value.trim()
    if (text.startsWith('[')) {
      let parsed: unknown
      try {
        parsed = JSON.parse(text)
      } catch (err) {
        return problem(`"${name}" is not valid JSON: ${(err as Error).message}`)
      }
      if (!Array.isArray(parsed)) return problem(`"${name}" must be a JSON array or a comma-separated list`)
      out.push(...(parsed as unknown[]))
    } else out.push(...text.split(',').map((s) => s.trim()).filter((s) => s !== ''))
  }
  return out
}

/** A GET boolean: `true`/`1`/`` (present) or `false`/`0`. */
function queryBoolean(value: string, name: string): boolean | ArgsProblem {
  const text = value.trim().toLowerCase()
  if (text === '' || text === 'true' || text === '1') return true
  if (text === 'false' || text === '0') return false
  return problem(`"${name}" must be true or false, got ${JSON.stringify(value)}`)
}

function single(params: URLSearchParams, name: string): string | undefined | ArgsProblem {
  const all = params.getAll(name)
  if (all.length > 1) return problem(`"${name}" is given ${all.length} times; give it once`)
  return all[0]
}

/** The body form, as a JSON POST sends it, from a GET query: strings, comma-separated lists or JSON. */
export function queryToBody(params: URLSearchParams): Record<string, unknown> | ArgsProblem {
  const unknown = [...new Set(params.keys())].filter((k) => !ARG_NAMES.includes(k))
  if (unknown.length > 0) return problem(`Unknown argument ${JSON.stringify(unknown[0])}; the arguments are ${ARG_NAMES.join(', ')}`)
  const body: Record<string, unknown> = {}
  for (const name of ['install', 'env']) {
    if (!params.has(name)) continue
    const list = queryList(params.getAll(name), name)
    if (isProblem(list)) return list
    body[name] = list
  }
  const provider = single(params, 'provider')
  if (isProblem(provider)) return provider
  if (provider !== undefined) body.provider = provider
  for (const name of ['flattenScope', 'graph']) {
    const value = single(params, name)
    if (isProblem(value)) return value
    if (value === undefined) continue
    const flag = queryBoolean(value, name)
    if (isProblem(flag)) return flag
    body[name] = flag
  }
  const inputMap = single(params, 'inputMap')
  if (isProblem(inputMap)) return inputMap
  if (inputMap !== undefined) {
    try {
      body.inputMap = JSON.parse(inputMap)
    } catch (err) {
      return problem(`"inputMap" is not valid JSON: ${(err as Error).message}`)
    }
  }
  return body
}

function installEntry(value: unknown, index: number): string | InstallTargetInput | ArgsProblem {
  const at = `install[${index}]`
  if (typeof value === 'string') return value.trim() === '' ? problem(`${at} is empty`) : value.trim()
  if (!isObject(value)) return problem(`${at} must be a string such as "lit@^3" or an object { target, alias?, subpath?, subpaths? }`)
  const extra = Object.keys(value).filter((k) => !['target', 'alias', 'subpath', 'subpaths'].includes(k))
  if (extra.length > 0) return problem(`${at} has the unknown field ${JSON.stringify(extra[0])}`)
  if (typeof value.target !== 'string' || value.target.trim() === '') return problem(`${at}.target must be a non-empty string`)
  for (const key of ['alias', 'subpath'] as const) {
    if (value[key] !== undefined && typeof value[key] !== 'string') return problem(`${at}.${key} must be a string`)
  }
  if (value.subpaths !== undefined && !(Array.isArray(value.subpaths) && value.subpaths.every((s) => typeof s === 'string'))) {
    return problem(`${at}.subpaths must be an array of strings`)
  }
  return value as unknown as InstallTargetInput
}

/** Body (JSON POST, or a converted query) → {@link GenerateArgs}, every field checked for its type. */
export function readGenerateArgs(body: unknown): GenerateArgs | ArgsProblem {
  if (!isObject(body)) return problem('The request body must be a JSON object such as {"install":["lit"]}')
  const unknown = Object.keys(body).filter((k) => !ARG_NAMES.includes(k))
  if (unknown.length > 0) return problem(`Unknown argument ${JSON.stringify(unknown[0])}; the arguments are ${ARG_NAMES.join(', ')}`)
  const rawInstall = body.install === undefined ? [] : typeof body.install === 'string' ? [body.install] : body.install
  if (!Array.isArray(rawInstall)) return problem('"install" must be an array of targets (or one target string)')
  const install: GenerateArgs['install'] = []
  for (const [i, entry] of rawInstall.entries()) {
    const read = installEntry(entry, i)
    if (isProblem(read)) return read
    install.push(read)
  }
  const rawEnv = body.env === undefined ? [...defaultEnv] : typeof body.env === 'string' ? body.env.split(',').map((s) => s.trim()).filter(Boolean) : body.env
  if (!Array.isArray(rawEnv) || !rawEnv.every((c) => typeof c === 'string' && /^[^\s,"]{1,64}$/.test(c))) {
    return problem('"env" must be a list of condition names such as ["browser","production","module"]')
  }
  if (body.inputMap !== undefined && !isObject(body.inputMap)) return problem('"inputMap" must be an import map object { imports?, scopes?, integrity? }')
  if (body.provider !== undefined && (typeof body.provider !== 'string' || body.provider.trim() === '')) return problem('"provider" must be a provider name such as "esmap"')
  for (const name of ['flattenScope', 'graph']) {
    if (body[name] !== undefined && typeof body[name] !== 'boolean') return problem(`"${name}" must be true or false`)
  }
  return {
    install,
    env: [...new Set(rawEnv as string[])],
    inputMap: body.inputMap as ImportMapJson | undefined,
    provider: (body.provider as string | undefined)?.trim(),
    flattenScope: body.flattenScope === true,
    graph: body.graph === true,
  }
}
