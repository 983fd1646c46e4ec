import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { pinsFromTree, readInstalledTree } from './installed.js'

const dirs: string[] = []
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })))
})

async function pkg(dir: string, json: object): Promise<void> {
  await mkdir(dir, { recursive: true })
  await writeFile(join(dir, 'package.json'), JSON.stringify(json))
}

function sorted(tree: Awaited<ReturnType<typeof readInstalledTree>>): Record<string, string[]> {
  return Object.fromEntries([...tree.versions].map(([k, v]) => [k, [...v].sort()]).sort(([a], [b]) => String(a).localeCompare(String(b))))
}

describe('readInstalledTree', () => {
  it('follows npm nested and hoisted layouts', async () => {
    const root = await mkdtemp(join(tmpdir(), 'esmap-installed-'))
    dirs.push(root)
    await pkg(root, { name: 'app', dependencies: { a: '^1', b: '^1' } })
    await pkg(join(root, 'node_modules/a'), { name: 'a', version: '1.0.0', dependencies: { shared: '^2' } })
    await pkg(join(root, 'node_modules/b'), { name: 'b', version: '1.1.0', dependencies: { shared: '^1' } })
    await pkg(join(root, 'node_modules/shared'), { name: 'shared', version: '2.3.0' })
    await pkg(join(root, 'node_modules/b/node_modules/shared'), { name: 'shared', version: '1.9.0' })
    await pkg(join(root, 'node_modules/unrelated'), { name: 'unrelated', version: '9.0.0' })
    const tree = await readInstalledTree(root)
    expect(sorted(tree)).toEqual({ a: ['1.0.0'], b: ['1.1.0'], shared: ['1.9.0', '2.3.0'] })
    expect(pinsFromTree(tree)).toEqual({ a: '1.0.0', b: '1.1.0' })
  })

  it("follows pnpm's symlinked .pnpm store", async () => {
    const root = await mkdtemp(join(tmpdir(), 'esmap-installed-'))
    dirs.push(root)
    const store = join(root, 'node_modules/.pnpm')
    await pkg(root, { name: 'app', dependencies: { lit: '^3' } })
    await pkg(join(store, 'lit@3.3.0/node_modules/lit'), { name: 'lit', version: '3.3.0', dependencies: { 'lit-html': '^3' } })
    await pkg(join(store, 'lit-html@3.3.1/node_modules/lit-html'), { name: 'lit-html', version: '3.3.1' })
    await symlink(join(store, 'lit-html@3.3.1/node_modules/lit-html'), join(store, 'lit@3.3.0/node_modules/lit-html'))
    await symlink(join(store, 'lit@3.3.0/node_modules/lit'), join(root, 'node_modules/lit'))
    expect(pinsFromTree(await readInstalledTree(root))).toEqual({ lit: '3.3.0', 'lit-html': '3.3.1' })
  })

  it('ignores declared dependencies that are not installed', async () => {
    const root = await mkdtemp(join(tmpdir(), 'esmap-installed-'))
    dirs.push(root)
    await pkg(root, { name: 'app', dependencies: { missing: '^1' } })
    expect(sorted(await readInstalledTree(root))).toEqual({})
  })
})
