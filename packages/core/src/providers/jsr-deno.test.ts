import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isEsmapError } from '../errors.js'
import { createFetcher } from '../fetch/index.js'
import { createDenoClient, createJsrClient } from '../registry/index.js'
import type { ProviderContext } from './context.js'
import { deno } from './deno.js'
import { jsr } from './jsr.js'
import { memorySource, startTestServer, testContext, type TestServer, type TestReply } from './test-support.fixture.js'

const mainTs = 'export const flag = true'
const sha256 = (text: string): string => `sha256-${createHash('sha256').update(text).digest('hex')}`

/** The JSR registry API and deno.land (modules, apiland versions, cdn listings), as literal routes. */
const routes: Record<string, TestReply> = {
  '/jsr/@luca/flag/meta.json': { status: 200, body: { scope: 'luca', name: 'flag', latest: '1.0.1', versions: { '1.0.0': {}, '1.0.1': {}, '1.1.0': { yanked: true } } } },
  '/jsr/@luca/flag/1.0.1_meta.json': {
    status: 200,
    body: {
      manifest: { '/main.ts': { size: mainTs.length, checksum: sha256(mainTs) }, '/deno.json': { size: 2, checksum: sha256('{}') } },
      exports: { '.': './main.ts' },
    },
  },
  '/jsr/@luca/flag/1.0.1/main.ts': { status: 200, body: mainTs },
  '/jsr/@luca/flag/1.0.1/deno.json': { status: 200, body: '{"tampered":true}' },
  '/apiland/v2/modules/oak': { status: 200, body: { versions: ['v12.6.1', 'v12.5.0'], latest_version: 'v12.6.1' } },
  '/apiland/v2/modules/std': { status: 200, body: { versions: ['0.224.0', '0.223.0'], latest_version: '0.224.0' } },
  '/denocdn/oak/versions/v12.6.1/meta/meta.json': {
    status: 200,
    body: { directory_listing: [{ path: '', type: 'dir' }, { path: '/mod.ts', type: 'file' }, { path: '/application.ts', type: 'file' }] },
  },
  '/deno/x/oak@v12.6.1/mod.ts': { status: 200, body: 'export * from "./application.ts"' },
  '/deno/std@0.224.0/path/mod.ts': { status: 200, body: 'export const sep = "/"' },
}

let server: TestServer
let ctx: ProviderContext
beforeAll(async () => {
  server = await startTestServer((path) => routes[path])
  const fetcher = createFetcher({ cache: false, retries: 0, env: {}, homedir: '/nonexistent' })
  ctx = testContext(
    {
      npm: memorySource({}),
      jsr: createJsrClient({ fetcher, baseUrl: `${server.url}jsr/` }),
      deno: createDenoClient({ fetcher, baseUrl: `${server.url}deno/`, apiUrl: `${server.url}apiland/`, cdnUrl: `${server.url}denocdn/` }),
    },
    { jsr: { cdnUrl: `${server.url}jsr/` }, deno: { cdnUrl: `${server.url}deno/` } },
  )
})
afterAll(() => server.close())

describe('jsr, through the JSR client', () => {
  it('resolves versions from meta.json, never a yanked one for a range', async () => {
    const resolve = (range: string): Promise<unknown> => jsr.resolveLatestTarget({ registry: 'jsr', name: '@luca/flag', range }, false, 'default', '', ctx)
    expect(await resolve('^1')).toEqual({ registry: 'jsr', name: '@luca/flag', version: '1.0.1' })
    expect(await resolve('1.1.0')).toEqual({ registry: 'jsr', name: '@luca/flag', version: '1.1.0' })
    expect(await resolve('^2')).toBeUndefined()
    expect(await jsr.resolveLatestTarget({ registry: 'jsr', name: '@luca/none', range: '*' }, false, 'default', '', ctx)).toBeUndefined()
  })

  it('reads package config and files from the version metadata, and modules checked against it', async () => {
    const pkg = { registry: 'jsr', name: '@luca/flag', version: '1.0.1' }
    expect(await jsr.getPackageConfig!(pkg, ctx)).toEqual({ name: '@luca/flag', version: '1.0.1', type: 'module', exports: { '.': './main.ts' } })
    expect(await jsr.getFileList!(pkg, ctx)).toEqual(new Set(['deno.json', 'main.ts']))
    const base = jsr.pkgToUrl(pkg, 'default', ctx)
    expect(base).toBe(`${server.url}jsr/@luca/flag/1.0.1/`)
    expect(new TextDecoder().decode(await jsr.loadModule(`${base}main.ts`, ctx))).toBe(mainTs)
    expect(await jsr.loadModule(`${base}missing.ts`, ctx)).toBeUndefined()
    const tampered = await jsr.loadModule(`${base}deno.json`, ctx).catch((e: unknown) => e)
    expect(isEsmapError(tampered, 'ESMAP_INTEGRITY_MISMATCH')).toBe(true)
  })

  it('needs the JSR client', async () => {
    const bare = testContext({ npm: memorySource({}) })
    const error = await jsr.resolveLatestTarget({ registry: 'jsr', name: '@luca/flag', range: '1' }, false, 'default', '', bare).catch((e: unknown) => e)
    expect(isEsmapError(error, 'ESMAP_NO_SOURCE')).toBe(true)
    expect((error as Error).message.split('\n')[0]).toBe('Provider "jsr" needs the jsr registry client, which is not configured')
  })
})

describe('deno, through the deno client', () => {
  it('resolves /x versions to their published tag, and std versions', async () => {
    expect(await deno.resolveLatestTarget({ registry: 'deno', name: 'oak', range: '^12.5' }, false, 'default', '', ctx)).toEqual({
      registry: 'deno',
      name: 'oak',
      version: 'v12.6.1',
    })
    expect(await deno.resolveLatestTarget({ registry: 'deno', name: 'oak', range: '12.5.0' }, false, 'default', '', ctx)).toEqual({
      registry: 'deno',
      name: 'oak',
      version: 'v12.5.0',
    })
    expect(await deno.resolveLatestTarget({ registry: 'deno', name: 'std', range: '*' }, false, 'default', '', ctx)).toEqual({
      registry: 'deno',
      name: 'std',
      version: '0.224.0',
    })
  })

  it('lists files and loads modules by their deno.land URLs', async () => {
    const oak = { registry: 'deno', name: 'oak', version: 'v12.6.1' }
    expect(await deno.getPackageConfig!(oak, ctx)).toEqual({ name: 'oak', version: '12.6.1' })
    expect(await deno.getFileList!(oak, ctx)).toEqual(new Set(['application.ts', 'mod.ts']))
    const oakUrl = deno.pkgToUrl(oak, 'default', ctx)
    expect(oakUrl).toBe(`${server.url}deno/x/oak@v12.6.1/`)
    expect(new TextDecoder().decode(await deno.loadModule(`${oakUrl}mod.ts`, ctx))).toBe('export * from "./application.ts"')
    const std = deno.pkgToUrl({ registry: 'deno', name: 'std', version: '0.224.0' }, 'default', ctx)
    expect(new TextDecoder().decode(await deno.loadModule(`${std}path/mod.ts`, ctx))).toBe('export const sep = "/"')
  })
})
