import { spawnSync } from 'node:child_process'
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkWritable, displayPath, reportMode, Reporter, writeAtomic } from './output.js'
import type { CliIo } from './io.js'

const dir = (): Promise<string> => mkdtemp(join(tmpdir(), 'esmap-output-'))

describe('writeAtomic', () => {
  it('replaces the file and leaves no temp file', async () => {
    const d = await dir()
    await writeFile(join(d, 'map.json'), 'old')
    await writeAtomic(join(d, 'map.json'), 'new')
    expect(await readFile(join(d, 'map.json'), 'utf8')).toBe('new')
    expect(await readdir(d)).toEqual(['map.json'])
  })

  it('fails without touching anything when the directory is missing', async () => {
    const d = await dir()
    await expect(writeAtomic(join(d, 'missing', 'map.json'), 'x')).rejects.toMatchObject({ code: 'ENOENT' })
    expect(await readdir(d)).toEqual([])
  })

  it('removes its temp file when the rename fails', async () => {
    const d = await dir()
    await mkdir(join(d, 'map.json'))
    await writeFile(join(d, 'map.json', 'inside'), 'x')
    await expect(writeAtomic(join(d, 'map.json'), 'x')).rejects.toMatchObject({ code: expect.stringMatching(/^(EISDIR|ENOTEMPTY|EEXIST)$/) })
    expect(await readdir(d)).toEqual(['map.json'])
  })
})

describe('checkWritable', () => {
  it('passes for a new or existing file, leaving nothing behind', async () => {
    const d = await dir()
    await checkWritable(join(d, 'new.json'))
    await writeFile(join(d, 'old.json'), 'x')
    await checkWritable(join(d, 'old.json'))
    expect(await readdir(d)).toEqual(['old.json'])
  })

  it.each([
    ['a directory', async (d: string) => (await mkdir(join(d, 'out.json')), join(d, 'out.json')), (d: string) => `Cannot write ${d}/out.json: it is a directory`],
    ['a missing directory', async (d: string) => join(d, 'missing', 'out.json'), (d: string) => `Cannot write ${d}/missing/out.json: ENOENT for the directory ${d}/missing`],
    ['a file as directory', async (d: string) => (await writeFile(join(d, 'file'), 'x'), join(d, 'file', 'out.json')), (d: string) => `Cannot write ${d}/file/out.json: ENOTDIR for the directory ${d}/file`],
  ])('refuses %s', async (_, setup, message) => {
    const d = await dir()
    const path = await setup(d)
    await expect(checkWritable(path)).rejects.toMatchObject({ code: 'ESMAP_CLI_OUTPUT_NOT_WRITABLE', message: expect.stringContaining(`${message(d)}\n  Fix: `) })
  })
})

describe('checkWritable: temp files of killed runs', () => {
  it('removes those of processes that are gone, keeps those of live ones and other files', async () => {
    const d = await dir()
    const gone = spawnSync(process.execPath, ['-e', '']).pid!
    const names = [`.map.json.${gone}.0123abcd.tmp`, `.map.json.${process.pid}.0123abcd.tmp`, `.other.json.${gone}.0123abcd.tmp`, `.map.json.${gone}.tmp`, 'map.json']
    for (const name of names) await writeFile(join(d, name), 'x')
    await checkWritable(join(d, 'map.json'))
    expect((await readdir(d)).sort()).toEqual(names.slice(1).sort())
  })
})

describe('displayPath', () => {
  it.each([
    ['/work/importmap.json', 'importmap.json'],
    ['/work/web/index.html', 'web/index.html'],
    ['/elsewhere/x.json', '/elsewhere/x.json'],
    ['/work', '/work'],
  ])('%s → %s', (path, shown) => {
    expect(displayPath(path, '/work')).toBe(shown)
  })
})

function io(stderrTty: boolean, env: Record<string, string> = {}): CliIo & { out: string[]; err: string[] } {
  const out: string[] = []
  const err: string[] = []
  return { out, err, cwd: '/', env, stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s), isTTY: stderrTty } }
}

describe('reportMode', () => {
  it.each([
    [true, {}, {}, 'tty'],
    [false, {}, {}, 'plain'],
    [true, { CI: 'true' }, {}, 'plain'],
    [true, { CI: '1' }, {}, 'plain'],
    [true, { CI: 'false' }, {}, 'tty'],
    [true, { CI: '0' }, {}, 'tty'],
    [true, { TERM: 'dumb' }, {}, 'plain'],
    [true, {}, { json: true }, 'json'],
    [true, {}, { quiet: true }, 'quiet'],
    [false, {}, { json: true, quiet: true }, 'json'],
  ] as const)('stderr TTY %s, env %j, flags %j → %s', (tty, env, flags, mode) => {
    expect(reportMode(io(tty, env), { json: false, quiet: false, ...flags })).toBe(mode)
  })
})

describe('Reporter', () => {
  it('plain: info and warnings (once each) on stderr, data on stdout, no JSON', () => {
    const x = io(false)
    const r = new Reporter(x, 'plain')
    r.info('a')
    r.warn('w')
    r.warn('w')
    r.data('d')
    r.result({ x: 1 })
    r.error(Object.assign(new Error('boom'), { code: 'ESMAP_X' }), 'hint')
    expect(x.err).toEqual(['a\n', 'warning: w\n', 'error ESMAP_X: boom\nhint\n'])
    expect(x.out).toEqual(['d\n'])
  })

  it('json: one document on stdout with the warnings; errors as { error }', () => {
    const x = io(false)
    const r = new Reporter(x, 'json')
    r.info('a')
    r.warn('w')
    r.data('d')
    r.result({ x: 1 })
    r.error(new Error('boom'))
    expect(x.err).toEqual([])
    expect(x.out.map((s) => JSON.parse(s))).toEqual([{ x: 1, warnings: ['w'] }, { error: { code: 'ESMAP_CLI_INTERNAL', message: 'boom' } }])
  })

  it('quiet: data and errors only', () => {
    const x = io(false)
    const r = new Reporter(x, 'quiet')
    r.info('a')
    r.warn('w')
    r.data('d')
    r.error(new Error('boom'))
    expect(x.err).toEqual(['error ESMAP_CLI_INTERNAL: boom\n'])
    expect(x.out).toEqual(['d\n'])
  })
})
