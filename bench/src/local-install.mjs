import { execFile } from 'node:child_process'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

/**
 * Installs packages with npm into a fresh temporary folder, from the mirror's registry (so the
 * versions are the ones the CDN workloads use, and nothing comes from the real registry during
 * the timed runs). Install targets with subpaths (`preact/hooks`) install their package.
 * @returns {Promise<string>} the project folder (its `node_modules` holds the packages)
 */
export async function npmInstall(mirror, installs) {
  const dir = await mkdtemp(join(tmpdir(), 'esmap-bench-local-'))
  const names = [...new Set(installs.map((i) => (i.startsWith('@') ? i.split('/').slice(0, 2).join('/') : i.split('/')[0])))]
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'bench-local-app', private: true, type: 'module' }, null, 2))
  const args = ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock', `--registry=${mirror.origin}/registry/`, `--cache=${join(dir, '.npm-cache')}`, ...names]
  await run('npm', args, { cwd: dir, env: { ...process.env, npm_config_userconfig: join(dir, '.npmrc-none') }, maxBuffer: 16 * 1024 * 1024 })
  return dir
}
