import { describe, expect, it } from 'vitest'
import { canonicalPath, parseCdnPath } from './path.js'

describe('parseCdnPath', () => {
  const table: [string, ReturnType<typeof parseCdnPath>][] = [
    ['/npm:fx-dep@2.1.0/index.js', { name: 'fx-dep', spec: '2.1.0', exact: true, path: 'index.js' }],
    ['/npm:fx-dep@2.1.0/lib/a%20b.js', { name: 'fx-dep', spec: '2.1.0', exact: true, path: 'lib/a b.js' }],
    ['/npm:fx-dep@2.1.0', { name: 'fx-dep', spec: '2.1.0', exact: true, path: undefined }],
    ['/npm:fx-dep@2.1.0/', { name: 'fx-dep', spec: '2.1.0', exact: true, path: '' }],
    ['/npm:fx-dep@^2/extra.js', { name: 'fx-dep', spec: '^2', exact: false, path: 'extra.js' }],
    ['/npm:fx-dep@%5E2.0.0/extra.js', { name: 'fx-dep', spec: '^2.0.0', exact: false, path: 'extra.js' }],
    ['/npm:fx-dep@latest', { name: 'fx-dep', spec: 'latest', exact: false, path: undefined }],
    ['/npm:fx-dep', { name: 'fx-dep', spec: '', exact: false, path: undefined }],
    ['/npm:@fx/scoped@1.0.0/utils.js', { name: '@fx/scoped', spec: '1.0.0', exact: true, path: 'utils.js' }],
    ['/npm:@fx/scoped@1/utils.js', { name: '@fx/scoped', spec: '1', exact: false, path: 'utils.js' }],
    ['/npm:fx-prerelease@1.1.0-beta.1/index.js', { name: 'fx-prerelease', spec: '1.1.0-beta.1', exact: true, path: 'index.js' }],
    ['/generate', undefined],
    ['/npm/fx-dep', undefined],
    // Traversal and other paths that would leave the package.
    ['/npm:fx-dep@2.1.0/../../etc/passwd', { problem: 'the file path "../../etc/passwd" has a ".." segment' }],
    ['/npm:fx-dep@2.1.0/%2e%2e/%2e%2e/etc/passwd', { problem: 'the file path "../../etc/passwd" has a ".." segment' }],
    ['/npm:fx-dep@2.1.0/%2E%2E/x', { problem: 'the file path "../x" has a ".." segment' }],
    ['/npm:fx-dep@2.1.0/./index.js', { problem: 'the file path "./index.js" has a "." segment' }],
    ['/npm:fx-dep@2.1.0//etc/passwd', { problem: 'the file path "/etc/passwd" has an empty segment' }],
    ['/npm:fx-dep@2.1.0/a//b', { problem: 'the file path "a//b" has an empty segment' }],
    ['/npm:fx-dep@2.1.0/..%2f..%2fetc%2fpasswd', { problem: 'the path segment "..%2f..%2fetc%2fpasswd" is not allowed (bad percent-encoding, or an encoded "/", "\\" or control character)' }],
    ['/npm:fx-dep@2.1.0/%2Fetc%2Fpasswd', { problem: 'the path segment "%2Fetc%2Fpasswd" is not allowed (bad percent-encoding, or an encoded "/", "\\" or control character)' }],
    ['/npm:fx-dep@2.1.0/..%5c..%5cwin.ini', { problem: 'the path segment "..%5c..%5cwin.ini" is not allowed (bad percent-encoding, or an encoded "/", "\\" or control character)' }],
    ['/npm:fx-dep@2.1.0/..\\..\\x', { problem: 'the path segment "..\\..\\x" is not allowed (bad percent-encoding, or an encoded "/", "\\" or control character)' }],
    ['/npm:fx-dep@2.1.0/x%00.js', { problem: 'the path segment "x%00.js" is not allowed (bad percent-encoding, or an encoded "/", "\\" or control character)' }],
    ['/npm:fx-dep@2.1.0/%E0%A4%A', { problem: 'the path segment "%E0%A4%A" is not allowed (bad percent-encoding, or an encoded "/", "\\" or control character)' }],
    ['/npm:@fx%2fscoped@1.0.0/x.js', { problem: 'the path segment "@fx%2fscoped@1.0.0" is not allowed (bad percent-encoding, or an encoded "/", "\\" or control character)' }],
    // Names.
    ['/npm:..@1.0.0/x.js', { problem: '".." is not an npm package name: name cannot start with a period' }],
    ['/npm:fx-dep@/x.js', { problem: 'the version after "fx-dep@" is empty' }],
    ['/npm:@fx@1.0.0', { problem: '"@fx@1.0.0" is a scope without a package name: write /npm:@scope/name@version/path' }],
    ['/npm:@fx/@1.0.0/x.js', { problem: '"@fx/" is not an npm package name: name can only contain URL-friendly characters' }],
  ]
  it.each(table)('%s', (path, expected) => {
    expect(parseCdnPath(path)).toEqual(expected)
  })
})

describe('canonicalPath', () => {
  it.each([
    ['fx-dep', '2.1.0', 'index.js', '/npm:fx-dep@2.1.0/index.js'],
    ['@fx/scoped', '1.0.0', undefined, '/npm:@fx/scoped@1.0.0'],
    ['x', '1.0.0+build.1', 'a b/c#d.js', '/npm:x@1.0.0%2Bbuild.1/a%20b/c%23d.js'],
  ] as const)('%s@%s %s → %s', (name, version, path, expected) => {
    expect(canonicalPath(name, version, path)).toBe(expected)
  })
})
