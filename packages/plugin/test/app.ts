import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import type { FixtureServer } from '@esmap/test-fixtures'
import type { Options } from '../src/options.js'

/** A small multi-page app over the fixture packages, written to a temp dir. */
export async function writeApp(files: Record<string, string> = {}): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'esmap-app-'))
  const all: Record<string, string> = {
    'package.json': JSON.stringify({ name: 'app', private: true, type: 'module', dependencies: { 'fx-dep': '^2.0.0', '@fx/scoped': '^1.0.0', 'fx-uses-dep1': '^1.0.0' } }),
    'index.html': '<!doctype html>\n<html>\n  <head>\n    <title>app</title>\n  </head>\n  <body>\n    <script type="module" src="/src/main.js"></script>\n  </body>\n</html>\n',
    'about.html': '<!doctype html>\n<html>\n  <head>\n    <title>about</title>\n  </head>\n  <body>\n    <script type="module" src="/src/about.js"></script>\n  </body>\n</html>\n',
    'src/main.js': [
      "import { version } from 'fx-dep'",
      "import { twice } from '@fx/scoped/utils'",
      "import { depVersion } from 'fx-uses-dep1'",
      "import { local } from './local.js'",
      'document.body.dataset.result = `${version}|${twice(21)}|${depVersion}|${local}`',
      "import('fx-dep/extra').then((m) => { document.body.dataset.extra = m.extra })",
      '',
    ].join('\n'),
    'src/local.js': "export const local = 'local'\n",
    'src/about.js': "import { version, depVersion } from '@fx/scoped'\ndocument.body.dataset.result = `${version}|${depVersion}`\n",
    ...files,
  }
  for (const [path, text] of Object.entries(all)) {
    await mkdir(dirname(join(root, path)), { recursive: true })
    await writeFile(join(root, path), text)
  }
  return root
}

/** Plugin options that point every lookup at the fixture server. */
export function fixtureOptions(server: FixtureServer, extra: Options = {}): Options {
  return {
    defaultProvider: 'jsdelivr',
    registry: server.urls.registry,
    providerConfig: { jsdelivr: { cdnUrl: `${server.urls.jsdelivr}npm/` } },
    cache: false,
    frozen: false,
    versions: 'range',
    ...extra,
  }
}
