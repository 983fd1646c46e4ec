import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createFsStorage } from './fs.js'
import { createMemoryStorage } from './memory.js'
import type { Storage } from './types.js'

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text)
const text = (value: Uint8Array | undefined): string | undefined => value && new TextDecoder().decode(value)

let root: string
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'esmap-storage-'))
})
afterEach(async () => {
  await rm(root, { recursive: true, force: true })
})

const stores: [string, () => Storage][] = [
  ['filesystem', () => createFsStorage(join(root, 'store'))],
  ['memory', () => createMemoryStorage()],
]

describe.each(stores)('%s storage', (_name, make) => {
  it('puts, gets, lists and deletes by key', async () => {
    const storage = make()
    expect(await storage.get('npm/a@1.0.0/files/index.js')).toBeUndefined()
    await storage.put('npm/a@1.0.0/files/index.js', bytes('one'))
    await storage.put('npm/a@1.0.0/files/lib/x.js', bytes('two'))
    await storage.put('npm/@s/b@1.0.0/build.json', bytes('{}'))
    await storage.put('npm/ab@1.0.0/build.json', bytes('{}'))
    expect(text(await storage.get('npm/a@1.0.0/files/index.js'))).toBe('one')
    expect(await storage.list('npm/a@1.0.0/')).toEqual(['npm/a@1.0.0/files/index.js', 'npm/a@1.0.0/files/lib/x.js'])
    expect(await storage.list('npm/a')).toEqual(['npm/a@1.0.0/files/index.js', 'npm/a@1.0.0/files/lib/x.js', 'npm/ab@1.0.0/build.json'])
    expect(await storage.list('')).toEqual(['npm/@s/b@1.0.0/build.json', 'npm/a@1.0.0/files/index.js', 'npm/a@1.0.0/files/lib/x.js', 'npm/ab@1.0.0/build.json'])
    expect(await storage.list('npm/none/')).toEqual([])
    expect(await storage.delete('npm/a@1.0.0/files/index.js')).toBe(true)
    expect(await storage.delete('npm/a@1.0.0/files/index.js')).toBe(false)
    expect(await storage.get('npm/a@1.0.0/files/index.js')).toBeUndefined()
  })

  it('replaces a value on put', async () => {
    const storage = make()
    await storage.put('k/v', bytes('old'))
    await storage.put('k/v', bytes('new'))
    expect(text(await storage.get('k/v'))).toBe('new')
  })

  it.each(['../outside', 'npm/../../outside', '/etc/passwd', 'npm\\..\\x', '.tmp/x', 'a//b'])('refuses the key %j on every method', async (key) => {
    const storage = make()
    const invalid = expect.objectContaining({ code: 'ESMAP_INVALID_STORAGE_KEY' })
    await expect(storage.get(key)).rejects.toEqual(invalid)
    await expect(storage.put(key, bytes('x'))).rejects.toEqual(invalid)
    await expect(storage.delete(key)).rejects.toEqual(invalid)
    await expect(storage.list(`${key}/`)).rejects.toEqual(invalid)
  })
})

describe('filesystem storage', () => {
  it('writes atomically: no temp file is left and nothing lands outside the root', async () => {
    const storage = createFsStorage(join(root, 'store'))
    await Promise.all(Array.from({ length: 20 }, (_, i) => storage.put('npm/a@1.0.0/files/same.js', bytes(`version ${i}`))))
    expect(text(await storage.get('npm/a@1.0.0/files/same.js'))).toMatch(/^version \d+$/)
    expect(await readdir(join(root, 'store', '.tmp'))).toEqual([])
    expect(await readdir(root)).toEqual(['store'])
  })

  it('never follows a symlink that leaves the root: not a file, not a folder', async () => {
    const outside = join(root, 'outside')
    await mkdir(join(outside, 'dir'), { recursive: true })
    await writeFile(join(outside, 'secret.txt'), 'secret')
    await writeFile(join(outside, 'dir', 'secret.txt'), 'secret')
    const storage = createFsStorage(join(root, 'store'))
    await storage.put('npm/a@1.0.0/files/real.js', bytes('real'))
    await symlink(join(outside, 'secret.txt'), join(root, 'store', 'npm', 'a@1.0.0', 'files', 'link.txt'))
    await symlink(join(outside, 'dir'), join(root, 'store', 'npm', 'a@1.0.0', 'files', 'linkdir'))
    expect(await storage.get('npm/a@1.0.0/files/link.txt')).toBeUndefined()
    expect(await storage.get('npm/a@1.0.0/files/linkdir/secret.txt')).toBeUndefined()
    expect(await storage.list('npm/a@1.0.0/')).toEqual(['npm/a@1.0.0/files/real.js'])
    expect(await storage.delete('npm/a@1.0.0/files/linkdir/secret.txt')).toBe(false)
    await expect(storage.put('npm/a@1.0.0/files/linkdir/new.txt', bytes('x'))).rejects.toEqual(expect.objectContaining({ code: 'ESMAP_STORAGE_ESCAPE' }))
    expect((await readdir(join(outside, 'dir'))).sort()).toEqual(['secret.txt'])
  })
})
