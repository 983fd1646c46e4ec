import { describe, expect, it } from 'vitest'
import { queryToBody, readGenerateArgs } from './args.js'

const read = (query: string): unknown => {
  const body = queryToBody(new URLSearchParams(query))
  return 'error' in body ? body : readGenerateArgs(body)
}

/** The platform's JSON.parse message for `text` (its wording differs between Node versions). */
const jsonError = (text: string): string => {
  try {
    JSON.parse(text)
  } catch (err) {
    return (err as Error).message
  }
  throw new Error(`${text} parses`)
}

const defaults = { env: ['browser', 'development', 'module'], inputMap: undefined, provider: undefined, flattenScope: false, graph: false }

describe('GET arguments (strings, comma-separated lists or JSON)', () => {
  it.each([
    ['install=lit', { ...defaults, install: ['lit'] }],
    ['install=lit@^3,fx-dep@2/extra', { ...defaults, install: ['lit@^3', 'fx-dep@2/extra'] }],
    ['install=%5B%22lit%22%2C%22react%4018%22%5D', { ...defaults, install: ['lit', 'react@18'] }],
    ['install=a&install=b,c', { ...defaults, install: ['a', 'b', 'c'] }],
    ['install=lit&env=browser,production', { ...defaults, install: ['lit'], env: ['browser', 'production'] }],
    ['install=lit&env=["deno","module"]', { ...defaults, install: ['lit'], env: ['deno', 'module'] }],
    ['install=lit&provider=esmap&flattenScope&graph=true', { ...defaults, install: ['lit'], provider: 'esmap', flattenScope: true, graph: true }],
    ['install=lit&flattenScope=false&graph=0', { ...defaults, install: ['lit'] }],
    ['install=lit&inputMap={"imports":{"a":"https://x/a.js"}}', { ...defaults, install: ['lit'], inputMap: { imports: { a: 'https://x/a.js' } } }],
    ['install=lit&cachebust=1', { error: 'Unknown argument "cachebust"; the arguments are install, env, inputMap, provider, flattenScope, graph' }],
    ['install=["lit"', { error: `"install" is not valid JSON: ${jsonError('["lit"')}` }],
    ['install=lit&graph=yes', { error: '"graph" must be true or false, got "yes"' }],
    ['install=lit&provider=a&provider=b', { error: '"provider" is given 2 times; give it once' }],
    ['install=lit&inputMap={imports}', { error: `"inputMap" is not valid JSON: ${jsonError('{imports}')}` }],
  ])('?%s', (query, expected) => {
    expect(read(query)).toEqual(expected)
  })
})

describe('JSON body', () => {
  it.each([
    [{ install: ['lit'] }, { ...defaults, install: ['lit'] }],
    [{ install: 'lit' }, { ...defaults, install: ['lit'] }],
    [{ install: [{ target: 'fx-dep@2', alias: 'dep', subpaths: ['.', './extra'] }] }, { ...defaults, install: [{ target: 'fx-dep@2', alias: 'dep', subpaths: ['.', './extra'] }] }],
    [{ install: [' lit '], env: ['browser', 'browser', 'module'] }, { ...defaults, install: ['lit'], env: ['browser', 'module'] }],
    [{ install: ['lit'], env: 'browser,production' }, { ...defaults, install: ['lit'], env: ['browser', 'production'] }],
    [['lit'], { error: 'The request body must be a JSON object such as {"install":["lit"]}' }],
    [{ install: ['lit'], error: 'x' }, { error: 'Unknown argument "error"; the arguments are install, env, inputMap, provider, flattenScope, graph' }],
    [{ install: { lit: true } }, { error: '"install" must be an array of targets (or one target string)' }],
    [{ install: [42] }, { error: 'install[0] must be a string such as "lit@^3" or an object { target, alias?, subpath?, subpaths? }' }],
    [{ install: [''] }, { error: 'install[0] is empty' }],
    [{ install: [{ target: 'a', extra: 1 }] }, { error: 'install[0] has the unknown field "extra"' }],
    [{ install: [{ alias: 'a' }] }, { error: 'install[0].target must be a non-empty string' }],
    [{ install: [{ target: 'a', subpaths: './x' }] }, { error: 'install[0].subpaths must be an array of strings' }],
    [{ install: ['lit'], env: ['browser', 'has space'] }, { error: '"env" must be a list of condition names such as ["browser","production","module"]' }],
    [{ install: ['lit'], inputMap: [] }, { error: '"inputMap" must be an import map object { imports?, scopes?, integrity? }' }],
    [{ install: ['lit'], provider: 3 }, { error: '"provider" must be a provider name such as "esmap"' }],
    [{ install: ['lit'], graph: 'true' }, { error: '"graph" must be true or false' }],
  ])('%j', (body, expected) => {
    expect(readGenerateArgs(body)).toEqual(expected)
  })
})
