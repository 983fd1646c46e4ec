import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readNpmConfig } from './npmrc-files.js'
import { authorizationFor, expandEnv, nerfDart, npmrcFromEnv, parseNpmrc, registryFor, resolveNpmConfig, type NpmConfig } from './npmrc.js'

describe('expandEnv', () => {
  const env = { TOKEN: 'abc', EMPTY: '' }
  const table: [string, string][] = [
    ['${TOKEN}', 'abc'],
    ['x-${TOKEN}-y', 'x-abc-y'],
    ['${EMPTY}', ''],
    ['${UNSET}', '${UNSET}'],
    ['${UNSET?}', ''],
    ['${TOKEN?}', 'abc'],
    ['\\${TOKEN}', '${TOKEN}'],
    ['\\\\${TOKEN}', '\\abc'],
    ['$TOKEN', '$TOKEN'],
    ['${TOKEN}${TOKEN}', 'abcabc'],
  ]
  for (const [input, expected] of table) it(`${input} → ${expected}`, () => expect(expandEnv(input, env)).toBe(expected))
})

describe('parseNpmrc', () => {
  const env = { NPM_TOKEN: 's3cret', HOST: 'npm.example.com' }
  const table: [string, string, Record<string, string>][] = [
    ['a key=value line', 'registry=https://r.example/', { registry: 'https://r.example/' }],
    ['spaces around =', '  registry =  https://r.example/  ', { registry: 'https://r.example/' }],
    ['comments and blank lines', '; a comment\n# another\n\nregistry=https://r/\n', { registry: 'https://r/' }],
    ['CRLF line endings', 'a=1\r\nb=2\r\n', { a: '1', b: '2' }],
    ['a double-quoted value (JSON)', 'a="x y\\"z"', { a: 'x y"z' }],
    ['a single-quoted value', "a='x y'", { a: 'x y' }],
    ['a key without a value is true', 'strict-ssl', { 'strict-ssl': 'true' }],
    ['an array key', 'ca[]=one\nca[]=two', { ca: 'two' }],
    ['later lines win', 'a=1\na=2', { a: '2' }],
    ['a value with = in it', '_auth=dXNlcjpwYXNz==', { _auth: 'dXNlcjpwYXNz==' }],
    ['env in values', '//r.example/:_authToken=${NPM_TOKEN}', { '//r.example/:_authToken': 's3cret' }],
    ['env in keys', '//${HOST}/:_authToken=t', { '//npm.example.com/:_authToken': 't' }],
    ['an unset variable stays as written', 'a=${NOPE}', { a: '${NOPE}' }],
    ['scoped registries', '@acme:registry=https://npm.acme.test/', { '@acme:registry': 'https://npm.acme.test/' }],
    ['sections are skipped', 'a=1\n[section]\nb=2', { a: '1' }],
  ]
  for (const [name, text, expected] of table) it(name, () => expect(parseNpmrc(text, env)).toEqual(expected))
})

describe('npmrcFromEnv', () => {
  const table: [Record<string, string>, Record<string, string>][] = [
    [{ npm_config_registry: 'https://a/' }, { registry: 'https://a/' }],
    [{ NPM_CONFIG_REGISTRY: 'https://b/' }, { registry: 'https://b/' }],
    [{ NPM_CONFIG_REGISTRY: 'https://b/', npm_config_registry: 'https://a/' }, { registry: 'https://a/' }],
    [{ 'npm_config_@Acme:registry': 'https://acme/' }, { '@acme:registry': 'https://acme/' }],
    [{ npm_config_cache: '/tmp/x', HOME: '/home/u' }, {}],
  ]
  for (const [env, expected] of table) it(JSON.stringify(env), () => expect(npmrcFromEnv(env)).toEqual(expected))
})

describe('nerfDart', () => {
  const table: [string, string][] = [
    ['https://registry.npmjs.org/', '//registry.npmjs.org/'],
    ['https://registry.npmjs.org/react', '//registry.npmjs.org/'],
    ['https://r.example/npm/private/', '//r.example/npm/private/'],
    ['https://r.example/npm/private/pkg/-/pkg-1.0.0.tgz', '//r.example/npm/private/pkg/-/'],
    ['http://127.0.0.1:4873/x?y=1', '//127.0.0.1:4873/'],
  ]
  for (const [url, expected] of table) it(`${url} → ${expected}`, () => expect(nerfDart(url)).toBe(expected))
})

describe('resolveNpmConfig', () => {
  const table: [string, Record<string, string>[], NpmConfig][] = [
    ['defaults', [], { registry: 'https://registry.npmjs.org/', scopes: {}, credentials: {} }],
    ['a trailing slash is added', [{ registry: 'https://r.example/npm' }], { registry: 'https://r.example/npm/', scopes: {}, credentials: {} }],
    ['later layers win', [{ registry: 'https://user/' }, { registry: 'https://project/' }], { registry: 'https://project/', scopes: {}, credentials: {} }],
    [
      'scoped registries, lower-cased scope',
      [{ '@Acme:registry': 'https://npm.acme.test' }],
      { registry: 'https://registry.npmjs.org/', scopes: { '@acme': 'https://npm.acme.test/' }, credentials: {} },
    ],
    [
      'token, _auth and username/_password credentials',
      [
        {
          '//a.test/:_authToken': 'tok',
          '//b.test/npm/:_auth': 'dXNlcjpwYXNz',
          '//c.test/:username': 'user',
          '//c.test/:_password': Buffer.from('pass').toString('base64'),
        },
      ],
      {
        registry: 'https://registry.npmjs.org/',
        scopes: {},
        credentials: { '//a.test/': { token: 'tok' }, '//b.test/npm/': { basic: 'dXNlcjpwYXNz' }, '//c.test/': { basic: Buffer.from('user:pass').toString('base64') } },
      },
    ],
    [
      'a token wins over _auth for one dart',
      [{ '//a.test/:_auth': 'basic', '//a.test/:_authToken': 'tok' }],
      { registry: 'https://registry.npmjs.org/', scopes: {}, credentials: { '//a.test/': { token: 'tok' } } },
    ],
    [
      'legacy top-level _authToken goes to the default registry',
      [{ registry: 'https://r.example/npm/', _authToken: 'legacy' }],
      { registry: 'https://r.example/npm/', scopes: {}, credentials: { '//r.example/npm/': { token: 'legacy' } } },
    ],
    ['a username without _password is no credential', [{ '//a.test/:username': 'u' }], { registry: 'https://registry.npmjs.org/', scopes: {}, credentials: {} }],
  ]
  for (const [name, layers, expected] of table) it(name, () => expect(resolveNpmConfig(layers)).toEqual(expected))
})

describe('registryFor', () => {
  const config: NpmConfig = { registry: 'https://main/', scopes: { '@acme': 'https://acme/' }, credentials: {} }
  const table: [string, string][] = [
    ['react', 'https://main/'],
    ['@acme/ui', 'https://acme/'],
    ['@ACME/ui', 'https://acme/'],
    ['@other/ui', 'https://main/'],
    ['acme', 'https://main/'],
  ]
  for (const [name, expected] of table) it(`${name} → ${expected}`, () => expect(registryFor(config, name)).toBe(expected))
})

describe('authorizationFor: a token goes only to URLs under its host and path', () => {
  const config: NpmConfig = {
    registry: 'https://r.example/',
    scopes: {},
    credentials: {
      '//r.example/': { token: 'root' },
      '//r.example/private/': { token: 'private' },
      '//127.0.0.1:4000/': { basic: 'dTpw' },
    },
  }
  const table: [string, string | undefined][] = [
    ['https://r.example/react', 'Bearer root'],
    ['https://r.example/react/-/react-1.0.0.tgz', 'Bearer root'],
    ['https://r.example/private/pkg', 'Bearer private'],
    ['https://r.example/private/pkg/-/pkg-1.0.0.tgz', 'Bearer private'],
    ['http://r.example/react', 'Bearer root'],
    ['https://r.example:8443/react', undefined],
    ['https://other.example/react', undefined],
    ['https://r.example.evil.test/react', undefined],
    ['https://evil.test/r.example/react', undefined],
    ['http://127.0.0.1:4000/pkg', 'Basic dTpw'],
    ['http://127.0.0.1:4001/pkg', undefined],
  ]
  for (const [url, expected] of table) it(`${url} → ${expected}`, () => expect(authorizationFor(config, url)).toBe(expected))
})

describe('readNpmConfig', () => {
  let root = ''
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'esmap-npmrc-'))
    await mkdir(join(root, 'home'))
    await mkdir(join(root, 'project', 'src', 'deep'), { recursive: true })
    await writeFile(join(root, 'project', 'package.json'), '{}')
    await writeFile(join(root, 'home', '.npmrc'), 'registry=https://user.test/\n//user.test/:_authToken=${USER_TOKEN}\n@acme:registry=https://user-acme.test/\n')
    await writeFile(join(root, 'project', '.npmrc'), '@acme:registry=https://project-acme.test/\n')
  })
  afterEach(() => rm(root, { recursive: true, force: true }))

  it('reads the user file, then the project file found from a subdirectory', async () => {
    const config = await readNpmConfig({ cwd: join(root, 'project', 'src', 'deep'), homedir: join(root, 'home'), env: { USER_TOKEN: 'u-tok' } })
    expect(config).toEqual({
      registry: 'https://user.test/',
      scopes: { '@acme': 'https://project-acme.test/' },
      credentials: { '//user.test/': { token: 'u-tok' } },
    })
  })

  it('lets the environment override both, and npm_config_userconfig move the user file', async () => {
    await writeFile(join(root, 'other.npmrc'), 'registry=https://moved.test/\n')
    const env = { npm_config_userconfig: join(root, 'other.npmrc'), 'npm_config_@acme:registry': 'https://env-acme.test' }
    const config = await readNpmConfig({ cwd: join(root, 'project'), homedir: join(root, 'home'), env })
    expect(config).toEqual({ registry: 'https://moved.test/', scopes: { '@acme': 'https://env-acme.test/' }, credentials: {} })
  })

  it('works with no files at all', async () => {
    const config = await readNpmConfig({ cwd: join(root, 'nowhere'), homedir: join(root, 'nohome'), env: {} })
    expect(config).toEqual({ registry: 'https://registry.npmjs.org/', scopes: {}, credentials: {} })
  })
})
