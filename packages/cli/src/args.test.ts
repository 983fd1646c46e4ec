import { describe, expect, it } from 'vitest'
import { parseCommandArgs, resolveOptions } from './args.js'
import { mapCommandFlags, lsFlags } from './flags.js'

const parse = (argv: string[]) => parseCommandArgs('install', argv, mapCommandFlags)

describe('parseCommandArgs', () => {
  it.each([
    [['lit', 'react@18'], { positionals: ['lit', 'react@18'], values: {} }],
    [['-m', 'a.json', '--out=b.html'], { positionals: [], values: { map: 'a.json', out: 'b.html' } }],
    [['-C', 'production', '-Cworker', '--conditions=x'], { positionals: [], values: { conditions: ['production', 'worker', 'x'] } }],
    [['-r', 'a=1', '--resolution', 'b=npm:c@2'], { positionals: [], values: { resolution: ['a=1', 'b=npm:c@2'] } }],
    [['--integrity', '--no-flatten-scopes', '--no-combine-subpaths'], { positionals: [], values: { integrity: true, 'flatten-scopes': false, 'combine-subpaths': false } }],
    [['--no-integrity'], { positionals: [], values: { integrity: false } }],
    [['--preload'], { positionals: [], values: { preload: 'static' } }],
    [['--preload', 'lit'], { positionals: ['lit'], values: { preload: 'static' } }],
    [['--preload', 'all', 'lit'], { positionals: ['lit'], values: { preload: 'all' } }],
    [['--preload', 'static'], { positionals: [], values: { preload: 'static' } }],
    [['--preload=all'], { positionals: [], values: { preload: 'all' } }],
    [['--no-preload'], { positionals: [], values: { preload: false } }],
    [['--', '--preload'], { positionals: ['--preload'], values: {} }],
    [['-q', '--json', '--stdout', '--offline', '--frozen'], { positionals: [], values: { quiet: true, json: true, stdout: true, offline: true, frozen: true } }],
    [['--cdn-url', 'https://a/', '--cdn-url', 'unpkg=https://b/'], { positionals: [], values: { 'cdn-url': ['https://a/', 'unpkg=https://b/'] } }],
  ] as [string[], object][])('%j', (argv, expected) => {
    expect(parse(argv)).toEqual(expected)
  })

  it.each([
    [['--bogus'], 'ESMAP_CLI_UNKNOWN_FLAG', 'Unknown flag --bogus for "esmap install"'],
    [['-Z'], 'ESMAP_CLI_UNKNOWN_FLAG', 'Unknown flag -Z for "esmap install"'],
    [['--no-quiet'], 'ESMAP_CLI_UNKNOWN_FLAG', 'Unknown flag --no-quiet for "esmap install"'],
    [['--no-map'], 'ESMAP_CLI_UNKNOWN_FLAG', 'Unknown flag --no-map for "esmap install"'],
    [['-m'], 'ESMAP_CLI_MISSING_VALUE', '-m needs a value: -m <file>'],
    [['-m', '--json'], 'ESMAP_CLI_MISSING_VALUE', '-m needs a value: -m <file>'],
    [['--registry'], 'ESMAP_CLI_MISSING_VALUE', '--registry needs a value: --registry <url>'],
    [['--integrity=yes'], 'ESMAP_CLI_INVALID_FLAG', '--integrity takes no value, got "yes"'],
    [['-m', 'a.json', '-m', 'b.json'], 'ESMAP_CLI_INVALID_FLAG', '-m was given twice ("a.json" and "b.json")'],
  ])('%j fails: %s', (argv, code, message) => {
    expect(() => parse(argv)).toThrow(expect.objectContaining({ code, message: expect.stringMatching(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\n  Fix: `) }))
  })

  it('refuses flags the command does not take', () => {
    expect(() => parseCommandArgs('ls', ['--out', 'x.json'], lsFlags)).toThrow('"esmap ls" does not take --out\n  Fix: Run "esmap ls --help" to see its flags.')
  })
})

describe('resolveOptions', () => {
  it('applies the defaults', () => {
    expect(resolveOptions({}, '/work')).toEqual({
      cwd: '/work',
      map: '/work/importmap.json',
      out: '/work/importmap.json',
      stdout: false,
      provider: undefined,
      env: ['browser', 'development', 'module'],
      resolutions: {},
      integrity: undefined,
      preload: undefined,
      flattenScopes: true,
      combineSubpaths: true,
      rootUrl: undefined,
      offline: false,
      frozen: false,
      cacheDir: undefined,
      registry: undefined,
      providerConfig: {},
      quiet: false,
      json: false,
      serve: { host: undefined, port: undefined, storageDir: undefined, publicUrl: undefined, raw: false, conditions: undefined },
    })
  })

  it('serve: port, folders, URLs; conditions default to production builds', () => {
    expect(resolveOptions({ host: '0.0.0.0', port: '0', 'storage-dir': 'store', 'public-url': 'https://cdn.example.com', raw: true, conditions: ['development'] }, '/work').serve).toEqual({
      host: '0.0.0.0',
      port: 0,
      storageDir: '/work/store',
      publicUrl: 'https://cdn.example.com/',
      raw: true,
      conditions: ['browser', 'module', 'development'],
    })
  })

  it('resolves paths, URLs and lists', () => {
    const options = resolveOptions(
      { map: 'web/index.html', 'cache-dir': '.cache', root: 'web', registry: 'http://127.0.0.1:1/registry', provider: 'jsdelivr', 'cdn-url': ['http://127.0.0.1:1/npm', 'unpkg=http://127.0.0.1:2/'], resolution: ['react=18.3.1', '@s/p=npm:q@^2'], conditions: ['production'] },
      '/work',
    )
    expect(options).toMatchObject({
      map: '/work/web/index.html',
      out: '/work/web/index.html',
      cacheDir: '/work/.cache',
      rootUrl: new URL('file:///work/web/'),
      registry: 'http://127.0.0.1:1/registry/',
      providerConfig: { jsdelivr: { cdnUrl: 'http://127.0.0.1:1/npm/' }, unpkg: { cdnUrl: 'http://127.0.0.1:2/' } },
      resolutions: { react: '18.3.1', '@s/p': 'npm:q@^2' },
      env: ['browser', 'module', 'production'],
    })
    expect(resolveOptions({ root: 'https://example.com/app' }, '/work').rootUrl).toEqual(new URL('https://example.com/app/'))
    expect(resolveOptions({ 'cdn-url': ['https://mirror/jspm'] }, '/work').providerConfig).toEqual({ 'jspm.io': { cdnUrl: 'https://mirror/jspm/' } })
  })

  it.each([
    [{ resolution: ['react'] }, 'ESMAP_CLI_INVALID_FLAG', '--resolution "react" is not name=target'],
    [{ resolution: ['=1'] }, 'ESMAP_CLI_INVALID_FLAG', '--resolution "=1" is not name=target'],
    [{ resolution: ['react='] }, 'ESMAP_CLI_INVALID_FLAG', '--resolution "react=" is not name=target'],
    [{ preload: 'some' }, 'ESMAP_CLI_INVALID_FLAG', '--preload takes static or all, got "some"'],
    [{ registry: 'registry.example.com' }, 'ESMAP_CLI_INVALID_FLAG', '--registry needs an http(s) URL, got "registry.example.com"'],
    [{ registry: 'file:///r/' }, 'ESMAP_CLI_INVALID_FLAG', '--registry needs an http(s) URL, got "file:///r/"'],
    [{ 'cdn-url': ['nope=https://x/'] }, 'ESMAP_UNKNOWN_PROVIDER', '--cdn-url "nope=https://x/" names no known provider "nope"'],
    [{ provider: 'auto', 'cdn-url': ['https://x/'] }, 'ESMAP_CLI_INVALID_FLAG', '--cdn-url "https://x/" needs a provider: "auto" chooses between two'],
    [{ 'cdn-url': ['jsdelivr=cdn'] }, 'ESMAP_CLI_INVALID_FLAG', '--cdn-url needs an http(s) URL, got "cdn"'],
    [{ port: '-1' }, 'ESMAP_CLI_INVALID_FLAG', '--port takes a port number from 0 to 65535, got "-1"'],
    [{ port: '1.5' }, 'ESMAP_CLI_INVALID_FLAG', '--port takes a port number from 0 to 65535, got "1.5"'],
  ] as [object, string, string][])('%j fails: %s', (values, code, message) => {
    expect(() => resolveOptions(values, '/work')).toThrow(expect.objectContaining({ code, message: expect.stringContaining(`${message}\n  Fix: `) }))
  })
})
