import { describe, expect, it } from 'vitest'
import { isEsmapError } from '../errors.js'
import type { ExactPackage } from '../types.js'
import { builtinProviders, type BuiltinProviderName } from './builtin.js'
import { resolveProviderConfig } from './config.js'
import type { UrlContext } from './context.js'

const ctx: UrlContext = { config: resolveProviderConfig() }
const mirrored: UrlContext = {
  config: resolveProviderConfig({
    jspm: { cdnUrl: 'http://127.0.0.1:9/jspm', systemCdnUrl: 'http://127.0.0.1:9/system/' },
    jsdelivr: { cdnUrl: 'http://127.0.0.1:9/jsdelivr/npm/' },
    'esm.sh': { cdnUrl: 'http://127.0.0.1:9/esmsh/' },
    jsr: { cdnUrl: 'http://127.0.0.1:9/jsr/' },
    deno: { cdnUrl: 'http://127.0.0.1:9/deno/' },
    self: { cdnUrl: 'https://app.example/assets/esm' },
  }),
}

const npm = (name: string, version: string): ExactPackage => ({ registry: 'npm', name, version })

/** pkgToUrl and parseUrlPkg are each other's inverse on these rows. */
const roundTrips: [BuiltinProviderName, ExactPackage, string, string, UrlContext?][] = [
  ['jspm.io', npm('react', '18.3.1'), 'default', 'https://ga.jspm.io/npm:react@18.3.1/'],
  ['jspm.io', npm('@lit/reactive-element', '2.0.4'), 'default', 'https://ga.jspm.io/npm:@lit/reactive-element@2.0.4/'],
  ['jspm.io', npm('react', '19.0.0-rc.1'), 'default', 'https://ga.jspm.io/npm:react@19.0.0-rc.1/'],
  ['jspm.io', npm('react', '18.3.1'), 'system', 'https://ga.system.jspm.io/npm:react@18.3.1/'],
  ['jspm.io', npm('react', '18.3.1'), 'default', 'http://127.0.0.1:9/jspm/npm:react@18.3.1/', mirrored],
  ['jspm.io', npm('react', '18.3.1'), 'system', 'http://127.0.0.1:9/system/npm:react@18.3.1/', mirrored],
  ['jsdelivr', npm('lit', '3.1.0'), 'default', 'https://cdn.jsdelivr.net/npm/lit@3.1.0/'],
  ['jsdelivr', npm('@scope/pkg', '1.0.0-beta.2+build.5'), 'default', 'https://cdn.jsdelivr.net/npm/@scope/pkg@1.0.0-beta.2+build.5/'],
  ['jsdelivr', npm('lit', '3.1.0'), 'default', 'http://127.0.0.1:9/jsdelivr/npm/lit@3.1.0/', mirrored],
  ['unpkg', npm('preact', '10.19.3'), 'default', 'https://unpkg.com/preact@10.19.3/'],
  ['unpkg', npm('@preact/signals', '1.2.2'), 'default', 'https://unpkg.com/@preact/signals@1.2.2/'],
  ['esm.sh', npm('react-dom', '18.3.1'), 'default', 'https://esm.sh/*react-dom@18.3.1/'],
  ['esm.sh', npm('@emotion/react', '11.11.4'), 'default', 'https://esm.sh/*@emotion/react@11.11.4/'],
  ['esm.sh', npm('vue', '3.4.0-alpha.1'), 'default', 'http://127.0.0.1:9/esmsh/*vue@3.4.0-alpha.1/', mirrored],
  ['skypack', npm('lodash-es', '4.17.21'), 'default', 'https://cdn.skypack.dev/lodash-es@4.17.21/'],
  ['deno', { registry: 'deno', name: 'oak', version: 'v12.6.1' }, 'default', 'https://deno.land/x/oak@v12.6.1/'],
  ['deno', { registry: 'deno', name: 'std', version: '0.224.0' }, 'default', 'https://deno.land/std@0.224.0/'],
  ['deno', { registry: 'deno', name: 'std', version: '0.224.0' }, 'default', 'http://127.0.0.1:9/deno/std@0.224.0/', mirrored],
  ['jsr', { registry: 'jsr', name: '@luca/flag', version: '1.0.1' }, 'default', 'https://jsr.io/@luca/flag/1.0.1/'],
  ['jsr', { registry: 'jsr', name: '@std/path', version: '1.0.0-rc.2' }, 'default', 'http://127.0.0.1:9/jsr/@std/path/1.0.0-rc.2/', mirrored],
  ['self', npm('react', '18.3.1'), 'default', '/_esm/react@18.3.1/'],
  ['self', npm('@scope/pkg', '2.0.0'), 'default', 'https://app.example/assets/esm/@scope/pkg@2.0.0/', mirrored],
  [
    'nodemodules',
    { registry: 'node_modules', name: 'react', version: 'file:///app/node_modules/react/' },
    'default',
    'file:///app/node_modules/react/',
  ],
  [
    'nodemodules',
    { registry: 'node_modules', name: '@scope/pkg', version: 'file:///app/node_modules/.pnpm/@scope+pkg@1.0.0/node_modules/@scope/pkg/' },
    'default',
    'file:///app/node_modules/.pnpm/@scope+pkg@1.0.0/node_modules/@scope/pkg/',
  ],
]

describe('pkgToUrl', () => {
  for (const [name, pkg, layer, url, context = ctx] of roundTrips) {
    it(`${name}${layer === 'default' ? '' : `#${layer}`} ${pkg.registry}:${pkg.name}@${pkg.version} → ${url}`, () => {
      expect(builtinProviders[name].pkgToUrl(pkg, layer, context)).toBe(url)
    })
  }
})

describe('parseUrlPkg of a package base URL', () => {
  for (const [name, pkg, layer, url, context = ctx] of roundTrips) {
    it(`${name} ${url}`, () => {
      expect(builtinProviders[name].parseUrlPkg(url, context)).toEqual({ pkg, layer, path: '' })
    })
  }
})

/** Module URLs: the package, the layer and the file path. */
const moduleUrls: [BuiltinProviderName, string, { pkg: ExactPackage; layer: string; path: string }][] = [
  ['jspm.io', 'https://ga.jspm.io/npm:lit-html@3.1.0/directives/class-map.js', { pkg: npm('lit-html', '3.1.0'), layer: 'default', path: 'directives/class-map.js' }],
  ['jspm.io', 'https://ga.system.jspm.io/npm:@lit/task@1.0.0/index.js', { pkg: npm('@lit/task', '1.0.0'), layer: 'system', path: 'index.js' }],
  ['jsdelivr', 'https://cdn.jsdelivr.net/npm/lit@3.1.0/index.js?v=1#x', { pkg: npm('lit', '3.1.0'), layer: 'default', path: 'index.js' }],
  ['jsdelivr', 'https://cdn.jsdelivr.net/npm/pkg@1.0.0/a%20b/c%2Bd.js', { pkg: npm('pkg', '1.0.0'), layer: 'default', path: 'a b/c+d.js' }],
  ['jsdelivr', 'https://cdn.jsdelivr.net/npm/lit@3.1.0', { pkg: npm('lit', '3.1.0'), layer: 'default', path: '' }],
  ['unpkg', 'https://unpkg.com/@preact/signals@1.2.2/dist/signals.mjs', { pkg: npm('@preact/signals', '1.2.2'), layer: 'default', path: 'dist/signals.mjs' }],
  ['esm.sh', 'https://esm.sh/*react-dom@18.3.1/client.js', { pkg: npm('react-dom', '18.3.1'), layer: 'default', path: 'client.js' }],
  ['esm.sh', 'https://esm.sh/v135/react@18.3.1/es2022/react.mjs', { pkg: npm('react', '18.3.1'), layer: 'default', path: 'es2022/react.mjs' }],
  ['esm.sh', 'https://esm.sh/react@18.3.1?target=es2022', { pkg: npm('react', '18.3.1'), layer: 'default', path: '' }],
  ['skypack', 'https://cdn.skypack.dev/lodash-es@4.17.21/debounce.js', { pkg: npm('lodash-es', '4.17.21'), layer: 'default', path: 'debounce.js' }],
  ['deno', 'https://deno.land/std@0.224.0/path/mod.ts', { pkg: { registry: 'deno', name: 'std', version: '0.224.0' }, layer: 'default', path: 'path/mod.ts' }],
  ['deno', 'https://deno.land/x/oak@v12.6.1/mod.ts', { pkg: { registry: 'deno', name: 'oak', version: 'v12.6.1' }, layer: 'default', path: 'mod.ts' }],
  ['jsr', 'https://jsr.io/@luca/flag/1.0.1/main.ts', { pkg: { registry: 'jsr', name: '@luca/flag', version: '1.0.1' }, layer: 'default', path: 'main.ts' }],
  ['self', '/_esm/react@18.3.1/cjs/react.development.js', { pkg: npm('react', '18.3.1'), layer: 'default', path: 'cjs/react.development.js' }],
  [
    'nodemodules',
    'file:///app/node_modules/.pnpm/lit@3.1.0/node_modules/lit/index.js',
    { pkg: { registry: 'node_modules', name: 'lit', version: 'file:///app/node_modules/.pnpm/lit@3.1.0/node_modules/lit/' }, layer: 'default', path: 'index.js' },
  ],
  [
    'nodemodules',
    'file:///app/node_modules/a/node_modules/@s/b/lib/x.js',
    { pkg: { registry: 'node_modules', name: '@s/b', version: 'file:///app/node_modules/a/node_modules/@s/b/' }, layer: 'default', path: 'lib/x.js' },
  ],
]

describe('parseUrlPkg of a module URL', () => {
  for (const [name, url, expected] of moduleUrls) {
    it(`${name} ${url}`, () => expect(builtinProviders[name].parseUrlPkg(url, ctx)).toEqual(expected))
  }
})

/** URLs a provider does not own: `undefined`, so the next provider may claim them. */
const foreignUrls: [BuiltinProviderName, string][] = [
  ['jspm.io', 'https://cdn.jsdelivr.net/npm/lit@3.1.0/index.js'],
  ['jspm.io', 'https://ga.jspm.io/npm:lit/index.js'],
  ['jspm.io', 'https://ga.jspm.io/lit@3.1.0/index.js'],
  ['jsdelivr', 'https://cdn.jsdelivr.net/gh/user/repo@1.0.0/index.js'],
  ['jsdelivr', 'https://cdn.jsdelivr.net/npm/lit/index.js'],
  ['jsdelivr', 'https://cdn.jsdelivr.net/npm/.hidden@1.0.0/'],
  ['jsdelivr', 'https://cdn.jsdelivr.net/npm/pkg@1.0.0/bad%zz.js'],
  ['unpkg', 'https://unpkg.com/'],
  ['unpkg', 'https://example.com/unpkg.com/lit@3.1.0/'],
  ['esm.sh', 'https://esm.sh/'],
  ['skypack', 'https://cdn.skypack.dev/-/lodash-es@v4.17.21-abc/dist=es2019/lodash-es.js'],
  ['deno', 'https://deno.land/x/oak/mod.ts'],
  ['deno', 'https://deno.land/manual@v1.40.0/'],
  ['deno', 'https://deno.land/x/std@0.224.0/mod.ts'],
  ['jsr', 'https://jsr.io/@luca/flag/meta.json'],
  ['jsr', 'https://jsr.io/@luca/flag/1.0.0_meta.json'],
  ['jsr', 'https://jsr.io/luca/flag/1.0.0/main.ts'],
  ['self', '/assets/react@18.3.1/index.js'],
  ['nodemodules', 'file:///app/src/main.js'],
  ['nodemodules', 'https://example.com/node_modules/lit/index.js'],
  ['nodemodules', 'file:///app/node_modules/.bin/vite'],
  ['nodemodules', 'file:///app/node_modules/@scope'],
]

describe('parseUrlPkg of a URL the provider does not own', () => {
  for (const [name, url] of foreignUrls) {
    it(`${name} ${url}`, () => expect(builtinProviders[name].parseUrlPkg(url, ctx)).toBeUndefined())
  }
})

describe('pkgToUrl refuses what the provider cannot serve', () => {
  const cases: [BuiltinProviderName, ExactPackage, string, string][] = [
    ['jsdelivr', { registry: 'jsr', name: '@luca/flag', version: '1.0.1' }, 'ESMAP_PROVIDER_REGISTRY', 'Provider "jsdelivr" serves npm: packages only, not jsr:@luca/flag'],
    ['jsr', npm('react', '18.3.1'), 'ESMAP_PROVIDER_REGISTRY', 'Provider "jsr" serves jsr: packages only, not npm:react'],
    ['jspm.io', npm('react', '18.3.1'), 'ESMAP_UNKNOWN_LAYER', 'Provider "jspm.io" has no layer "amd"'],
    ['nodemodules', npm('react', '18.3.1'), 'ESMAP_PROVIDER_REGISTRY', 'Provider "nodemodules" cannot locate npm:react@18.3.1'],
  ]
  for (const [name, pkg, code, message] of cases) {
    it(`${name} ${pkg.registry}:${pkg.name} → ${code}`, () => {
      let error: unknown
      try {
        builtinProviders[name].pkgToUrl(pkg, name === 'jspm.io' ? 'amd' : 'default', ctx)
      } catch (err) {
        error = err
      }
      expect(isEsmapError(error, code)).toBe(true)
      expect((error as Error).message.split('\n')[0]).toBe(message)
    })
  }
})
