import { describe, expect, it } from 'vitest'
import { EsmapError } from '../errors.js'
import { validatePackageName, type PackageNameCheck } from './name.js'
import { parseTarget } from './parse.js'
import type { InstallTarget, InstallTargetInput } from './types.js'

const npm = (name: string, range = '*', rest: Partial<{ alias: string; subpaths: InstallTarget['subpaths']; unstable: boolean; registry: string }> = {}): InstallTarget => ({
  kind: 'package',
  alias: rest.alias ?? name,
  target: { registry: rest.registry ?? 'npm', name, range },
  subpaths: rest.subpaths ?? ['.'],
  unstable: rest.unstable ?? false,
})

describe('parseTarget: strings', () => {
  const table: [input: string, expected: InstallTarget][] = [
    ['react', npm('react')],
    ['  react  ', npm('react')],
    ['react@18', npm('react', '18')],
    ['react@^18.2.0', npm('react', '^18.2.0')],
    ['react@>=16 <18', npm('react', '>=16 <18')],
    ['react@^17 || ^18', npm('react', '^17 || ^18')],
    ['react@1.2.3 - 2.x', npm('react', '1.2.3 - 2.x')],
    ['react@next', npm('react', 'next')],
    ['react@', npm('react', '*', { unstable: true })],
    ['npm:react@18', npm('react', '18')],
    ['NPM:react', npm('react')],
    ['lit@2/decorators.js', npm('lit', '2', { subpaths: ['./decorators.js'] })],
    ['lit/decorators.js', npm('lit', '*', { subpaths: ['./decorators.js'] })],
    ['lit@/directives/class-map.js', npm('lit', '*', { unstable: true, subpaths: ['./directives/class-map.js'] })],
    ['@material-ui/core@4.12.3', npm('@material-ui/core', '4.12.3')],
    ['@material-ui/core/Accordion', npm('@material-ui/core', '*', { subpaths: ['./Accordion'] })],
    ['@scope/pkg@^1/sub/path.js', npm('@scope/pkg', '^1', { subpaths: ['./sub/path.js'] })],
    ['buffer@6', npm('buffer', '6')],
    ['react16@npm:react@16', npm('react', '16', { alias: 'react16' })],
    ['@my/react@npm:react@18/jsx-runtime', npm('react', '18', { alias: '@my/react', subpaths: ['./jsx-runtime'] })],
    ['path@jsr:@std/path@1', npm('@std/path', '1', { alias: 'path', registry: 'jsr' })],
    ['jsr:@std/path', npm('@std/path', '*', { registry: 'jsr' })],
    ['jsr:@std/path@^1.0.0/posix', npm('@std/path', '^1.0.0', { registry: 'jsr', subpaths: ['./posix'] })],
    ['github:owner/repo', npm('owner/repo', '*', { registry: 'github', alias: 'repo' })],
    ['github:lit/lit@main', npm('lit/lit', 'main', { registry: 'github', alias: 'lit' })],
    ['github:owner/my.repo@v1.2.3/dist/x.js', npm('owner/my.repo', 'v1.2.3', { registry: 'github', alias: 'my.repo', subpaths: ['./dist/x.js'] })],
    ['github:owner/repo@feature%2Fx', npm('owner/repo', 'feature%2Fx', { registry: 'github', alias: 'repo' })],
    ['deno:oak@12', npm('oak', '12', { registry: 'deno' })],
    ['deno:std@0.200.0/path/mod.ts', npm('std', '0.200.0', { registry: 'deno', subpaths: ['./path/mod.ts'] })],
    ['https://ga.jspm.io/npm:lit@2.0.0/index.js', { kind: 'url', alias: undefined, url: 'https://ga.jspm.io/npm:lit@2.0.0/index.js', subpaths: ['.'] }],
    ['http://localhost:8080/pkg/', { kind: 'url', alias: undefined, url: 'http://localhost:8080/pkg/', subpaths: ['.'] }],
    ['file:///srv/pkg', { kind: 'url', alias: undefined, url: 'file:///srv/pkg', subpaths: ['.'] }],
    ['data:text/javascript,export default 1', { kind: 'url', alias: undefined, url: 'data:text/javascript,export default 1', subpaths: ['.'] }],
    ['./packages/local-pkg', { kind: 'path', alias: undefined, path: './packages/local-pkg', subpaths: ['.'] }],
    ['../sibling', { kind: 'path', alias: undefined, path: '../sibling', subpaths: ['.'] }],
    ['/abs/pkg', { kind: 'path', alias: undefined, path: '/abs/pkg', subpaths: ['.'] }],
    ['.', { kind: 'path', alias: undefined, path: '.', subpaths: ['.'] }],
  ]
  for (const [input, expected] of table) it(JSON.stringify(input), () => expect(parseTarget(input)).toEqual(expected))
})

describe('parseTarget: the object form', () => {
  const table: [input: InstallTargetInput, expected: InstallTarget][] = [
    [{ target: 'react@16', alias: 'react16' }, npm('react', '16', { alias: 'react16' })],
    [{ target: 'lit@2', subpath: './html.js' }, npm('lit', '2', { subpaths: ['./html.js'] })],
    [{ target: 'lit@2', subpath: '.' }, npm('lit', '2')],
    [
      { target: '@material-ui/core@4.12.3', subpaths: ['./AccordionDetails', './Accordion', './Accordion'] },
      npm('@material-ui/core', '4.12.3', { subpaths: ['./AccordionDetails', './Accordion'] }),
    ],
    [
      { alias: 'mypkg', target: './packages/local-pkg', subpath: './feature' },
      { kind: 'path', alias: 'mypkg', path: './packages/local-pkg', subpaths: ['./feature'] },
    ],
    [
      { target: 'https://example.com/x/', alias: 'x', subpaths: ['.', './y.js'] },
      { kind: 'url', alias: 'x', url: 'https://example.com/x/', subpaths: ['.', './y.js'] },
    ],
  ]
  for (const [input, expected] of table) it(JSON.stringify(input), () => expect(parseTarget(input)).toEqual(expected))
})

describe('parseTarget: errors say what is wrong', () => {
  const table: [input: string | InstallTargetInput, message: string, fix: string][] = [
    ['', 'Invalid install target "": it is empty', 'write [registry:]name[@range][/subpath] (registries npm:, jsr:, github:, deno:), alias@npm:name[@range], a URL or a ./local/path'],
    ['React', 'Invalid install target "React": package name "React" is invalid: name can no longer contain capital letters', 'use the package name as published on npm (lowercase, URL-safe)'],
    ['.hidden', 'Invalid install target ".hidden": package name ".hidden" is invalid: name cannot start with a period', 'use the package name as published on npm (lowercase, URL-safe)'],
    ['_private', 'Invalid install target "_private": package name "_private" is invalid: name cannot start with an underscore', 'use the package name as published on npm (lowercase, URL-safe)'],
    ['node_modules', 'Invalid install target "node_modules": package name "node_modules" is invalid: node_modules is not a valid package name', 'use the package name as published on npm (lowercase, URL-safe)'],
    ['hello world', 'Invalid install target "hello world": package name "hello world" is invalid: name can only contain URL-friendly characters', 'use the package name as published on npm (lowercase, URL-safe)'],
    ["it's", `Invalid install target "it's": package name "it's" is invalid: name can no longer contain special characters ("~'!()*")`, 'use the package name as published on npm (lowercase, URL-safe)'],
    [`${'a'.repeat(215)}`, `Invalid install target "${'a'.repeat(215)}": package name "${'a'.repeat(215)}" is invalid: name can no longer contain more than 214 characters`, 'use the package name as published on npm (lowercase, URL-safe)'],
    ['@scope', 'Invalid install target "@scope": "@scope" is a scope without a package name: write @scope/name', 'use the package name as published on npm (lowercase, URL-safe)'],
    ['react@^1 garbage', 'Invalid install target "react@^1 garbage": "^1 garbage" is neither a version range nor a dist-tag', 'write a range such as "^1.2.0", ">=1 <3", "1.x", or a dist-tag such as "next"'],
    ['react/', 'Invalid install target "react/": the subpath "./" has an empty, "." or ".." segment', 'name a file or export of the package, such as "./feature.js"'],
    ['react/../x', 'Invalid install target "react/../x": the subpath "./../x" has an empty, "." or ".." segment', 'name a file or export of the package, such as "./feature.js"'],
    ['foo:bar', 'Invalid install target "foo:bar": "foo:" is not a registry (npm:, jsr:, github:, deno:) or a supported URL scheme (https:, http:, file:, data:)', 'write [registry:]name[@range][/subpath] (registries npm:, jsr:, github:, deno:), alias@npm:name[@range], a URL or a ./local/path'],
    ['https://', 'Invalid install target "https://": it is not a valid URL', 'check the URL, or quote it if the shell split it'],
    ['x@yarn:react', 'Invalid install target "x@yarn:react": "yarn:" is not a registry (npm:, jsr:, github:, deno:)', 'write [registry:]name[@range][/subpath] (registries npm:, jsr:, github:, deno:), alias@npm:name[@range], a URL or a ./local/path'],
    ['Bad@npm:react', 'Invalid install target "Bad@npm:react": the alias "Bad" is invalid: name can no longer contain capital letters', 'an alias follows the npm package name rules'],
    ['jsr:std/path', 'Invalid install target "jsr:std/path": JSR packages are scoped: write jsr:@scope/name', 'write [registry:]name[@range][/subpath] (registries npm:, jsr:, github:, deno:), alias@npm:name[@range], a URL or a ./local/path'],
    ['jsr:@s/path', 'Invalid install target "jsr:@s/path": scope name must be at least 2 characters long', 'write [registry:]name[@range][/subpath] (registries npm:, jsr:, github:, deno:), alias@npm:name[@range], a URL or a ./local/path'],
    ['jsr:@std/Path', 'Invalid install target "jsr:@std/Path": package name must contain only lowercase ascii alphanumeric characters and hyphens', 'write [registry:]name[@range][/subpath] (registries npm:, jsr:, github:, deno:), alias@npm:name[@range], a URL or a ./local/path'],
    ['jsr:@std/a--b', 'Invalid install target "jsr:@std/a--b": package name must not contain double hyphens', 'write [registry:]name[@range][/subpath] (registries npm:, jsr:, github:, deno:), alias@npm:name[@range], a URL or a ./local/path'],
    ['github:owner', 'Invalid install target "github:owner": GitHub packages are written github:owner/repo', 'write [registry:]name[@range][/subpath] (registries npm:, jsr:, github:, deno:), alias@npm:name[@range], a URL or a ./local/path'],
    ['github:-owner/repo', 'Invalid install target "github:-owner/repo": "-owner" is not a GitHub user or organisation name (letters, digits and single inner hyphens, at most 39)', 'write [registry:]name[@range][/subpath] (registries npm:, jsr:, github:, deno:), alias@npm:name[@range], a URL or a ./local/path'],
    ['github:owner/re po', 'Invalid install target "github:owner/re po": "re po" is not a GitHub repository name (letters, digits, ".", "-" and "_", at most 100)', 'write [registry:]name[@range][/subpath] (registries npm:, jsr:, github:, deno:), alias@npm:name[@range], a URL or a ./local/path'],
    ['deno:Oak', 'Invalid install target "deno:Oak": deno.land/x module names have 3 to 40 lowercase letters, digits or underscores', 'write [registry:]name[@range][/subpath] (registries npm:, jsr:, github:, deno:), alias@npm:name[@range], a URL or a ./local/path'],
    [{ target: 'lit/html.js', subpath: './x.js' }, 'Invalid install target "lit/html.js": the target already names the subpath "./html.js"', 'name the subpath once, in the target or in subpath/subpaths'],
    [{ target: 'lit', subpath: 'html.js' }, 'Invalid install target "lit": the subpath "html.js" must be "." or start with "./"', 'write it as "./html.js"'],
    [{ target: 'lit', subpath: '.', subpaths: ['./a'] }, 'Invalid install target "lit": give either subpath or subpaths, not both', 'write [registry:]name[@range][/subpath] (registries npm:, jsr:, github:, deno:), alias@npm:name[@range], a URL or a ./local/path'],
    [{ target: 'lit', subpaths: [] }, 'Invalid install target "lit": subpaths is empty', 'list at least one subpath, such as "."'],
    [{ target: 'lit', alias: 'My Lit' }, 'Invalid install target "lit": the alias "My Lit" is invalid: name can no longer contain capital letters', 'an alias follows the npm package name rules'],
    [{ target: 42 } as unknown as InstallTargetInput, 'Invalid install target "42": the target must be a string', 'write [registry:]name[@range][/subpath] (registries npm:, jsr:, github:, deno:), alias@npm:name[@range], a URL or a ./local/path'],
  ]
  for (const [input, message, fix] of table) {
    it(JSON.stringify(input).slice(0, 80), () => {
      try {
        parseTarget(input)
        expect.unreachable()
      } catch (err) {
        expect(err).toBeInstanceOf(EsmapError)
        const e = err as EsmapError
        expect({ code: e.code, message: e.message, fix: e.fix, specifier: e.specifier }).toEqual({
          code: 'ESMAP_INVALID_TARGET',
          message: `${message}\n  Fix: ${fix}`,
          fix,
          specifier: typeof input === 'string' ? input : String(input.target),
        })
      }
    })
  }
})

describe('validatePackageName (validate-npm-package-name rules)', () => {
  const ok: PackageNameCheck = { errors: [], warnings: [], validForNewPackages: true, validForOldPackages: true }
  const table: [string, PackageNameCheck][] = [
    ['some-package', ok],
    ['example.com', ok],
    ['under_score', ok],
    ['123numeric', ok],
    ['@npm/thingy', ok],
    ['@npm-zors/money!time.js', { errors: [], warnings: ['name can no longer contain special characters ("~\'!()*")'], validForNewPackages: false, validForOldPackages: true }],
    ['@scope/.dotted', ok],
    ['', { errors: ['name length must be greater than zero'], warnings: [], validForNewPackages: false, validForOldPackages: false }],
    ['.start-with-period', { errors: ['name cannot start with a period'], warnings: [], validForNewPackages: false, validForOldPackages: false }],
    ['_start-with-underscore', { errors: ['name cannot start with an underscore'], warnings: [], validForNewPackages: false, validForOldPackages: false }],
    [' leading-space', { errors: ['name cannot contain leading or trailing spaces', 'name can only contain URL-friendly characters'], warnings: [], validForNewPackages: false, validForOldPackages: false }],
    ['s/l/a/s/h/e/s', { errors: ['name can only contain URL-friendly characters'], warnings: [], validForNewPackages: false, validForOldPackages: false }],
    ['node_modules', { errors: ['node_modules is not a valid package name'], warnings: [], validForNewPackages: false, validForOldPackages: false }],
    ['favicon.ico', { errors: ['favicon.ico is not a valid package name'], warnings: [], validForNewPackages: false, validForOldPackages: false }],
    ['http', { errors: [], warnings: ['http is a core module name'], validForNewPackages: false, validForOldPackages: true }],
    ['CAPITAL-LETTERS', { errors: [], warnings: ['name can no longer contain capital letters'], validForNewPackages: false, validForOldPackages: true }],
    ['ifyouwanttogetthesumoftwonumberswherethosetwonumbersarechosenbyfindingthelargestoftwooutofthreenumbersandsquaringthemwhichismultiplyingthembyitselfthenyoushouldinputthreenumbersintothisfunctionanditwilldothatforyou-', {
      errors: [],
      warnings: ['name can no longer contain more than 214 characters'],
      validForNewPackages: false,
      validForOldPackages: true,
    }],
  ]
  for (const [name, expected] of table) it(JSON.stringify(name).slice(0, 60), () => expect(validatePackageName(name)).toEqual(expected))
})
