import { access, readFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { npmrcFromEnv, parseNpmrc, resolveNpmConfig, type Env, type NpmConfig } from './npmrc.js'

/** Where npm's configuration is read from. All explicit: nothing is read from the process here. */
export interface NpmConfigSources {
  /** Start of the search for the project (npm's "local prefix"). */
  cwd: string
  homedir: string
  env: Env
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path)
    return true
  } catch {
    return false
  }
}

/** npm's local prefix: the nearest directory from `cwd` up with a package.json or node_modules; else `cwd`. */
export async function findProjectDir(cwd: string): Promise<string> {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if ((await exists(join(dir, 'package.json'))) || (await exists(join(dir, 'node_modules')))) return dir
    if (dirname(dir) === dir) return resolve(cwd)
  }
}

async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw err
  }
}

/**
 * npm's config as npm reads it, lowest precedence first: the user file (`$npm_config_userconfig`,
 * else `~/.npmrc`), the project's `.npmrc`, then the environment (`npm_config_registry`,
 * `npm_config_@scope:registry`). npm's global and built-in files are not read.
 */
export async function readNpmConfig(sources: NpmConfigSources): Promise<NpmConfig> {
  const { env } = sources
  const userFile = env.npm_config_userconfig ?? env.NPM_CONFIG_USERCONFIG ?? join(sources.homedir, '.npmrc')
  const projectFile = join(await findProjectDir(sources.cwd), '.npmrc')
  const layers: Record<string, string>[] = []
  for (const file of projectFile === resolve(userFile) ? [userFile] : [userFile, projectFile]) {
    const text = await readIfPresent(file)
    if (text !== undefined) layers.push(parseNpmrc(text, env))
  }
  layers.push(npmrcFromEnv(env))
  return resolveNpmConfig(layers)
}
