import { describe, expect, it } from 'vitest'
import { isEsmapError } from '../errors.js'
import type { PackageJson } from '../types.js'
import { createProviderRegistry, type ProviderRegistryOptions } from './registry.js'
import { matchRoute, parseProviderRef, routeFor } from './routing.js'

describe('parseProviderRef', () => {
  const table: [string, { name: string; layer: string }][] = [
    ['jspm.io', { name: 'jspm.io', layer: 'default' }],
    ['jspm', { name: 'jspm.io', layer: 'default' }],
    ['jspm.io#system', { name: 'jspm.io', layer: 'system' }],
    ['jspm#system', { name: 'jspm.io', layer: 'system' }],
    ['jspm.system', { name: 'jspm.io', layer: 'system' }],
    ['denoland', { name: 'deno', layer: 'default' }],
    ['node_modules', { name: 'nodemodules', layer: 'default' }],
    ['jsdelivr#', { name: 'jsdelivr', layer: 'default' }],
    ['auto', { name: 'auto', layer: 'default' }],
    ['my-cdn#min', { name: 'my-cdn', layer: 'min' }],
  ]
  for (const [input, expected] of table) it(input, () => expect(parseProviderRef(input)).toEqual(expected))
})

describe('matchRoute: the most specific key wins', () => {
  const routes = {
    'npm:react': 'unpkg',
    react: 'jsdelivr',
    'react-dom': 'esm.sh',
    '@org': 'nodemodules',
    '@org/special': 'self',
    'jsr:@std': 'jsr',
    'jsr:': 'jspm.io',
    'npm:@types': 'skypack',
  }
  const table: [string, string, string | undefined][] = [
    ['npm', 'react', 'npm:react'],
    ['jsr', 'react', 'react'],
    ['npm', 'react-dom', 'react-dom'],
    ['npm', '@org/ui', '@org'],
    ['npm', '@org/special', '@org/special'],
    ['jsr', '@org/ui', '@org'],
    ['jsr', '@std/path', 'jsr:@std'],
    ['jsr', '@luca/flag', 'jsr:'],
    ['npm', '@types/node', 'npm:@types'],
    ['npm', 'lit', undefined],
    ['npm', 'reactive', undefined],
    ['npm', '@orgx/ui', undefined],
    ['deno', 'oak', undefined],
  ]
  for (const [registry, name, key] of table) {
    it(`${registry}:${name} → ${key ?? 'no route'}`, () => expect(matchRoute(routes, { registry, name })).toBe(key))
  }
  it('ignores inherited keys', () => expect(matchRoute({}, { registry: 'npm', name: 'constructor' })).toBeUndefined())
})

describe('routeFor: routes, then the registry provider, then defaultProvider', () => {
  const routes = { lit: 'unpkg', '@org': 'jspm.io#system', 'deno:': 'jspm' }
  const table: [string, string, string, { name: string; layer: string }][] = [
    ['npm', 'lit', 'jsdelivr', { name: 'unpkg', layer: 'default' }],
    ['npm', '@org/x', 'jsdelivr', { name: 'jspm.io', layer: 'system' }],
    ['npm', 'react', 'jsdelivr', { name: 'jsdelivr', layer: 'default' }],
    ['npm', 'react', 'auto', { name: 'auto', layer: 'default' }],
    ['jsr', '@luca/flag', 'jsdelivr', { name: 'jsr', layer: 'default' }],
    ['deno', 'oak', 'jsdelivr', { name: 'jspm.io', layer: 'default' }],
    ['github', 'user/repo', 'unpkg', { name: 'unpkg', layer: 'default' }],
    ['node_modules', 'lit', 'jsdelivr', { name: 'nodemodules', layer: 'default' }],
  ]
  for (const [registry, name, defaultProvider, expected] of table) {
    it(`${registry}:${name} (default ${defaultProvider})`, () => expect(routeFor({ registry, name }, routes, defaultProvider)).toEqual(expected))
  }
})

describe('createProviderRegistry', () => {
  const esm: PackageJson = { name: 'esm', type: 'module' }
  const cjs: PackageJson = { name: 'cjs', main: 'index.js' }
  const table: [string, ProviderRegistryOptions, string, string, PackageJson | undefined, string][] = [
    ['default is jspm.io', {}, 'npm', 'react', undefined, 'jspm.io'],
    ['defaultProvider alias', { defaultProvider: 'jspm.system' }, 'npm', 'react', undefined, 'jspm.io#system'],
    ['defaultProvider', { defaultProvider: 'unpkg' }, 'npm', 'react', undefined, 'unpkg'],
    ['route by name', { defaultProvider: 'unpkg', providers: { react: 'esm.sh' } }, 'npm', 'react', undefined, 'esm.sh'],
    ['jsr default', { defaultProvider: 'unpkg' }, 'jsr', '@luca/flag', undefined, 'jsr'],
    ['auto, ESM', { defaultProvider: 'auto' }, 'npm', 'lit', esm, 'jsdelivr'],
    ['auto, CommonJS', { defaultProvider: 'auto' }, 'npm', 'react', cjs, 'jspm.io'],
    ['auto, no package.json yet', { defaultProvider: 'auto' }, 'npm', 'react', undefined, 'jsdelivr'],
    ['auto pair', { defaultProvider: 'auto', providerConfig: { auto: { raw: 'unpkg', converting: 'esm.sh' } } }, 'npm', 'react', cjs, 'esm.sh'],
    ['auto pair, layer', { defaultProvider: 'auto', providerConfig: { auto: { converting: 'jspm.io#system' } } }, 'npm', 'react', cjs, 'jspm.io#system'],
    ['auto by scope', { providers: { '@org': 'auto' } }, 'npm', '@org/ui', esm, 'jsdelivr'],
    ['not auto ignores package.json', { defaultProvider: 'unpkg' }, 'npm', 'react', cjs, 'unpkg'],
  ]
  for (const [title, options, registry, name, packageJson, expected] of table) {
    it(`${title}: ${registry}:${name} → ${expected}`, () => {
      const { provider, layer } = createProviderRegistry(options).forPackage({ registry, name }, packageJson)
      expect(layer === 'default' ? provider.name : `${provider.name}#${layer}`).toBe(expected)
    })
  }

  it('get() knows built-ins, aliases and custom providers', () => {
    const registry = createProviderRegistry({ customProviders: { mine: { pkgToUrl: () => 'https://mine.example/x/', parseUrlPkg: () => undefined } } })
    expect(registry.get('jspm')?.name).toBe('jspm.io')
    expect(registry.get('esm.sh')?.kind).toBe('converting')
    expect(registry.get('jsdelivr')?.kind).toBe('raw')
    expect(registry.get('nodemodules')?.kind).toBe('local')
    expect(registry.get('mine')?.kind).toBe('converting')
    expect(registry.get('nope')).toBeUndefined()
  })

  it('byUrl asks custom providers first, then the built-ins', () => {
    const registry = createProviderRegistry({
      providerConfig: { jsdelivr: { cdnUrl: 'http://127.0.0.1:9/jsdelivr/npm/' } },
      customProviders: {
        corp: {
          pkgToUrl: ({ name, version }) => `https://ga.jspm.io/corp/${name}@${version}/`,
          parseUrlPkg: (url) => {
            const m = /^https:\/\/ga\.jspm\.io\/corp\/([^@/]+)@([^/]+)\//.exec(url)
            return m ? { registry: 'npm', name: m[1]!, version: m[2]! } : undefined
          },
        },
      },
    })
    const owner = (url: string): string | undefined => {
      const o = registry.byUrl(url)
      return o && `${o.provider.name} ${o.pkg.registry}:${o.pkg.name}@${o.pkg.version} ${o.layer} ${o.path}`
    }
    expect(owner('https://ga.jspm.io/corp/x@1.0.0/a.js')).toBe('corp npm:x@1.0.0 default a.js')
    expect(owner('https://ga.jspm.io/npm:x@1.0.0/a.js')).toBe('jspm.io npm:x@1.0.0 default a.js')
    expect(owner('https://ga.system.jspm.io/npm:x@1.0.0/a.js')).toBe('jspm.io npm:x@1.0.0 system a.js')
    expect(owner('http://127.0.0.1:9/jsdelivr/npm/lit@3.1.0/index.js')).toBe('jsdelivr npm:lit@3.1.0 default index.js')
    expect(owner('https://cdn.jsdelivr.net/npm/lit@3.1.0/index.js')).toBeUndefined()
    expect(owner('https://jsr.io/@luca/flag/1.0.1/main.ts')).toBe('jsr jsr:@luca/flag@1.0.1 default main.ts')
    expect(owner('file:///app/node_modules/lit/index.js')).toBe('nodemodules node_modules:lit@file:///app/node_modules/lit/ default index.js')
    expect(owner('/_esm/lit@3.1.0/index.js')).toBe('self npm:lit@3.1.0 default index.js')
    expect(owner('https://example.com/app.js')).toBeUndefined()
  })

  const errors: [string, ProviderRegistryOptions, string, string][] = [
    ['unknown default', { defaultProvider: 'jsdelvr' }, 'ESMAP_UNKNOWN_PROVIDER', 'No provider named "jsdelvr"'],
    ['unknown route', { providers: { react: 'cdnjs' } }, 'ESMAP_UNKNOWN_PROVIDER', 'No provider named "cdnjs"'],
    ['unknown layer', { defaultProvider: 'jsdelivr#system' }, 'ESMAP_UNKNOWN_LAYER', 'Provider "jsdelivr" has no layer "system"'],
    ['auto raw not raw', { providerConfig: { auto: { raw: 'esm.sh' } } }, 'ESMAP_INVALID_PROVIDER_CONFIG', 'providerConfig.auto needs a raw provider, but "esm.sh" is converting'],
    ['auto converting not converting', { providerConfig: { auto: { converting: 'unpkg' } } }, 'ESMAP_INVALID_PROVIDER_CONFIG', 'providerConfig.auto needs a converting provider, but "unpkg" is raw'],
    ['bad cdnUrl', { providerConfig: { unpkg: { cdnUrl: 'not a url' } } }, 'ESMAP_INVALID_PROVIDER_CONFIG', 'providerConfig["unpkg"] has an invalid base URL "not a url"'],
    ['custom without hooks', { customProviders: { bad: {} as never } }, 'ESMAP_INVALID_PROVIDER', 'Custom provider "bad" needs the functions pkgToUrl and parseUrlPkg'],
  ]
  for (const [title, options, code, message] of errors) {
    it(`fails at creation: ${title}`, () => {
      let error: unknown
      try {
        createProviderRegistry(options)
      } catch (err) {
        error = err
      }
      expect(isEsmapError(error, code)).toBe(true)
      expect((error as Error).message.split('\n')[0]).toBe(message)
    })
  }

  it('names the known providers in the fix of an unknown one', () => {
    expect(() => createProviderRegistry({ defaultProvider: 'x' })).toThrow(
      'Fix: Use one of "jspm.io", "jsdelivr", "unpkg", "esm.sh", "skypack", "jsr", "deno", "nodemodules", "self", "esmap", "auto", or define it in customProviders.',
    )
  })
})
