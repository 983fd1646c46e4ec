import { createServer } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFixtureServer, type FixtureServer } from '@esmap/test-fixtures'
import { collect, esmap, project, spawnEsmap } from './run.js'

let server: FixtureServer
beforeAll(async () => {
  server = await startFixtureServer()
})
afterAll(() => server.close())

/** Starts `esmap serve`; resolves with its URL once it listens. */
async function serve(args: string[], cwd: string): Promise<{ url: string; stop: (signal: NodeJS.Signals) => Promise<{ code: number | null; stderr: string }> }> {
  const child = spawnEsmap(['serve', '--port', '0', '--registry', server.urls.registry, ...args], { cwd })
  const done = collect(child)
  let stderr = ''
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString()
      const found = /^Serving (\S+) \(Ctrl-C to stop\)$/m.exec(stderr)
      if (found) resolve(found[1]!)
    })
    child.on('close', () => reject(new Error(`esmap serve exited: ${stderr}`)))
  })
  return {
    url,
    stop: async (signal) => {
      child.kill(signal)
      const r = await done
      return { code: r.code, stderr: stderr + r.stderr }
    },
  }
}

describe('esmap serve', () => {
  it('serves built packages and /generate, works as the esmap provider, and stops cleanly on SIGTERM', async () => {
    const dir = await project()
    const running = await serve(['--storage-dir', 'store'], dir)
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/)
    const module = await fetch(`${running.url}npm:fx-dep@2.1.0/index.js`)
    expect(module.status).toBe(200)
    expect(await module.text()).toContain('2.1.0')
    const generated = (await (await fetch(`${running.url}generate?install=fx-dep@1`)).json()) as { map: unknown }
    expect(generated.map).toEqual({ imports: { 'fx-dep': `${running.url}npm:fx-dep@1.2.0/index.js` } })
    const install = await esmap(['install', 'fx-dep@1', '--stdout', '-p', 'esmap', '--cdn-url', running.url, '--registry', server.urls.registry, '--cache-dir', '.cache'], { cwd: dir })
    expect(install.code).toBe(0)
    expect(JSON.parse(install.stdout)).toEqual({ imports: { 'fx-dep': `${running.url}npm:fx-dep@1.2.0/index.js` } })
    const { code, stderr } = await running.stop('SIGTERM')
    expect(code).toBe(0)
    expect(stderr).toMatch(/SIGTERM: stopping\n$/)
  })

  it('--json: announces { url } on stdout once listening; stops on SIGINT (Ctrl-C) too', async () => {
    const child = spawnEsmap(['serve', '--port', '0', '--json', '--storage-dir', 'store', '--registry', server.urls.registry], { cwd: await project() })
    const done = collect(child)
    let stdout = ''
    const announced = await new Promise<{ command: string; url: string; host: string; port: number }>((resolve) => {
      child.stdout!.on('data', (d: Buffer) => {
        stdout += d.toString()
        if (stdout.endsWith('}\n')) resolve(JSON.parse(stdout))
      })
    })
    expect(announced).toEqual({ command: 'serve', url: `http://127.0.0.1:${announced.port}/`, host: '127.0.0.1', port: announced.port })
    expect((await fetch(`${announced.url}npm:fx-dep@2.1.0/package.json`)).status).toBe(200)
    child.kill('SIGINT')
    const r = await done
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' })
  })

  it('a port in use fails with exit code 1, naming the fix', async () => {
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const { port } = blocker.address() as { port: number }
    try {
      const dir = await project()
      const r = await esmap(['serve', '--port', String(port), '--storage-dir', join(dir, 'store')], { cwd: dir })
      expect(r.code).toBe(1)
      expect(r.stderr).toBe(`error ESMAP_CLI_LISTEN_FAILED: Cannot listen on 127.0.0.1:${port}: EADDRINUSE\n  Fix: Choose another --port (0 picks a free one) or --host.\n`)
    } finally {
      blocker.close()
    }
  })

  it.each([
    [['--port', 'http'], 'error ESMAP_CLI_INVALID_FLAG: --port takes a port number from 0 to 65535, got "http"\n  Fix: Give --port 8790, or --port 0 for any free port.\nRun "esmap serve --help" for usage.\n'],
    [['--port', '70000'], 'error ESMAP_CLI_INVALID_FLAG: --port takes a port number from 0 to 65535, got "70000"\n  Fix: Give --port 8790, or --port 0 for any free port.\nRun "esmap serve --help" for usage.\n'],
    [['--public-url', 'cdn.example.com'], 'error ESMAP_CLI_INVALID_FLAG: --public-url needs an http(s) URL, got "cdn.example.com"\n  Fix: Give an absolute URL such as https://registry.example.com/.\nRun "esmap serve --help" for usage.\n'],
  ])('%j is bad usage', async (args, stderr) => {
    const r = await esmap(['serve', ...args], { cwd: await project() })
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr })
  })
})
