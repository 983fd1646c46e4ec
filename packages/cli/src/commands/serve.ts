import type { RunningServer } from '@esmap/server'
import { EsmapError } from '@esmap/core'
import { serveFlags } from '../flags.js'
import type { Command, CommandContext } from './types.js'

/** Resolves on the first SIGINT or SIGTERM. */
function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      resolve(signal)
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
}

export const serve: Command = {
  name: 'serve',
  summary: 'run a self-hosted ESM CDN and /generate API (@esmap/server)',
  usage: 'esmap serve',
  description:
    'Serves npm packages as browser ES modules at /npm:<name>@<version>/<path>, built on first request (CommonJS converted) and stored, and import maps at /generate?install=<targets>. Use it from esmap with -p esmap --cdn-url <url>. Stops on Ctrl-C (SIGINT) or SIGTERM, after storing the builds under way. The rebuild token of /build is read from ESMAP_REBUILD_TOKEN.',
  flags: serveFlags,
  examples: [
    ['esmap serve', 'serve on http://127.0.0.1:8790/, storing builds in .esmap-server'],
    ['esmap serve --port 0 --storage-dir /var/cache/esmap', 'any free port, another store'],
    ['esmap serve --host 0.0.0.0 --public-url https://cdn.example.com/', 'behind a proxy'],
    ['esmap install lit -p esmap --cdn-url http://127.0.0.1:8790/', 'a map that loads from it'],
  ],
  async run(ctx: CommandContext) {
    const { options, reporter, io } = ctx
    const { serve: o } = options
    // Loaded here: the server and its builder (esbuild) cost every other command's start-up nothing.
    const { rawBuilder, startServer } = await import('@esmap/server')
    let server: RunningServer
    try {
      server = await startServer({
        ...(o.host !== undefined && { host: o.host }),
        ...(o.port !== undefined && { port: o.port }),
        ...(o.storageDir !== undefined && { storageDir: o.storageDir }),
        ...(o.publicUrl !== undefined && { publicUrl: o.publicUrl }),
        ...(options.registry !== undefined && { registry: options.registry }),
        ...(o.raw ? { builder: rawBuilder } : o.conditions ? { buildOptions: { conditions: o.conditions } } : {}),
        ...(io.env.ESMAP_REBUILD_TOKEN ? { token: io.env.ESMAP_REBUILD_TOKEN } : {}),
        log: (type, message) => reporter.info(`${type} ${message}`),
      })
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
        throw new EsmapError('ESMAP_CLI_LISTEN_FAILED', `Cannot listen on ${o.host ?? '127.0.0.1'}:${o.port ?? 8790}: ${code}`, { fix: 'Choose another --port (0 picks a free one) or --host.', cause: err })
      }
      throw err
    }
    reporter.info(`Serving ${server.url} (Ctrl-C to stop)`)
    reporter.result({ command: 'serve', url: server.url, host: server.host, port: server.port })
    const signal = await stopSignal()
    reporter.info(`${signal}: stopping`)
    await server.close()
    return 0
  },
}
