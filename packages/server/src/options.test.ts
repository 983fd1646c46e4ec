import { createServer as createHttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { startFixtureServer } from '@esmap/test-fixtures'
import { describe, expect, it } from 'vitest'
import { rawBuilder } from './build/raw.js'
import { DEFAULT_LIMITS, resolveServerOptions } from './options.js'
import { createServer, hostUrl } from './server.js'
import { createMemoryStorage } from './storage/memory.js'

describe('resolveServerOptions', () => {
  it('applies every default', () => {
    const resolved = resolveServerOptions({ storageDir: '/srv/cdn' })
    expect({ ...resolved, builder: typeof resolved.builder, fetch: typeof resolved.fetch, log: typeof resolved.log }).toEqual({
      host: '127.0.0.1',
      port: 8790,
      publicUrl: undefined,
      registry: 'https://registry.npmjs.org/',
      storageDir: '/srv/cdn',
      storage: undefined,
      builder: 'function',
      buildConcurrency: 4,
      token: undefined,
      providers: ['esmap'],
      providerConfig: {},
      allowedOrigins: ['https://registry.npmjs.org'],
      metadataTtl: 60_000,
      memoryCacheBytes: 64 * 1024 * 1024,
      limits: DEFAULT_LIMITS,
      fetch: 'function',
      log: 'function',
    })
  })

  it('allows the origins of the providers it offers, from providerConfig or their defaults', () => {
    const resolved = resolveServerOptions({
      registry: 'http://127.0.0.1:4873',
      publicUrl: 'https://cdn.example.com/esm',
      providers: ['esmap', 'jspm.io', 'unpkg'],
      providerConfig: { 'jspm.io': { cdnUrl: 'http://127.0.0.1:5000/jspm/' }, jsdelivr: { cdnUrl: 'http://127.0.0.1:6000/' } },
      limits: { maxInstalls: 3 },
    })
    expect([resolved.registry, resolved.publicUrl, resolved.allowedOrigins, resolved.limits.maxInstalls, resolved.limits.maxBodyBytes]).toEqual([
      'http://127.0.0.1:4873/',
      'https://cdn.example.com/esm/',
      ['http://127.0.0.1:4873', 'http://127.0.0.1:5000', 'https://ga.system.jspm.io', 'https://unpkg.com'],
      3,
      1_000_000,
    ])
  })
})

it.each([
  ['127.0.0.1', 8790, 'http://127.0.0.1:8790/'],
  ['0.0.0.0', 80, 'http://127.0.0.1:80/'],
  ['::1', 8790, 'http://[::1]:8790/'],
  ['::', 8790, 'http://[::1]:8790/'],
  ['cdn.internal', 8080, 'http://cdn.internal:8080/'],
] as const)('hostUrl(%j, %i) → %s', (host, port, expected) => {
  expect(hostUrl(host, port)).toBe(expected)
})

it('createServer gives a request listener to embed, with any Storage', async () => {
  await using fixtures = await startFixtureServer()
  const storage = createMemoryStorage()
  const http = createHttpServer()
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/`
  const app = createServer({ publicUrl: url, registry: fixtures.urls.registry, storage, builder: rawBuilder })
  http.on('request', app.listener)
  try {
    const redirect = await fetch(`${url}npm:fx-dep@2`, { redirect: 'manual' })
    expect([redirect.status, redirect.headers.get('location')]).toEqual([302, '/npm:fx-dep@2.1.0'])
    const map = await (await fetch(`${url}generate?install=fx-dep@2`)).json()
    expect(map.map).toEqual({ imports: { 'fx-dep': `${url}npm:fx-dep@2.1.0/index.js` } })
    expect(await storage.list('npm/fx-dep@2.1.0/')).toEqual(['npm/fx-dep@2.1.0/build.json', 'npm/fx-dep@2.1.0/files/extra.js', 'npm/fx-dep@2.1.0/files/index.js', 'npm/fx-dep@2.1.0/files/package.json'])
  } finally {
    http.closeAllConnections()
    await new Promise((resolve) => http.close(resolve))
  }
})
