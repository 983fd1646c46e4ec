import { describe, expect, it } from 'vitest'
import { isEsmapError } from '@esmap/core'
import { files } from './__tests__/run.js'
import { buildPackage } from './build.js'
import { assertSafeIdentity, unsafeReason } from './safe-path.js'
import type { BuildInput, PackageOverride } from './types.js'

describe('unsafeReason', () => {
  const table: [string, string | undefined][] = [
    ['lib/x.js', undefined],
    ['./lib/x.js', undefined],
    ['a/./b.js', undefined],
    ['..x/y', undefined],
    ['x..y', undefined],
    ['../x.js', 'it has a ".." segment'],
    ['./lib/../../x', 'it has a ".." segment'],
    ['lib\\..\\x', 'it has a ".." segment'],
    ['..', 'it has a ".." segment'],
    ['/etc/passwd', 'it is an absolute path'],
    ['\\server\\x', 'it is an absolute path'],
    ['C:x', 'it is an absolute path'],
    ['c:/x', 'it is an absolute path'],
    ['a\0b', 'it contains a NUL character'],
  ]
  it.each(table)('%j → %j', (path, reason) => {
    expect(unsafeReason(path)).toBe(reason)
  })
})

describe('assertSafeIdentity', () => {
  const ok: [string, string][] = [
    ['react', '18.3.1'],
    ['@scope/pkg', '1.0.0-beta.1'],
    ['a.b', '0.0.0'],
  ]
  it.each(ok)('accepts %s@%s', (name, version) => {
    expect(() => assertSafeIdentity(name, version)).not.toThrow()
  })
  const bad: [string, string, string][] = [
    ['../evil', '1.0.0', 'Unsafe package name "../evil" in package ../evil@1.0.0: a name is one path segment or "@scope/name".'],
    ['a/b', '1.0.0', 'Unsafe package name "a/b" in package a/b@1.0.0: a name is one path segment or "@scope/name".'],
    ['@s/..', '1.0.0', 'Unsafe package name "@s/.." in package @s/..@1.0.0: a name is one path segment or "@scope/name".'],
    ['/abs', '1.0.0', 'Unsafe package name "/abs" in package /abs@1.0.0: a name is one path segment or "@scope/name".'],
    ['..', '1.0.0', 'Unsafe package name ".." in package ..@1.0.0: a name is one path segment or "@scope/name".'],
    ['ok', '../1', 'Unsafe package version "../1" in package ok@../1: a version is one path segment.'],
    ['ok', '..', 'Unsafe package version ".." in package ok@..: a version is one path segment.'],
    ['ok', '1.0.0\\x', 'Unsafe package version "1.0.0\\x" in package ok@1.0.0\\x: a version is one path segment.'],
  ]
  it.each(bad)('rejects %s@%s', (name, version, message) => {
    let error: unknown
    try {
      assertSafeIdentity(name, version)
    } catch (err) {
      error = err
    }
    expect(isEsmapError(error, 'ESMAP_UNSAFE_PATH')).toBe(true)
    expect((error as Error).message.split('\n')[0]).toBe(message)
  })
})

describe('buildPackage rejects unsafe paths with ESMAP_UNSAFE_PATH', () => {
  const base = (over: Partial<BuildInput> & { name?: string }): BuildInput => ({
    pkg: { registry: 'npm', name: over.name ?? 'fx-unsafe', version: '1.0.0' },
    packageJson: { name: 'fx-unsafe', version: '1.0.0' },
    files: files({ 'index.js': 'export const a = 1' }),
    ...(over.files === undefined ? {} : { files: over.files }),
    ...(over.packageJson === undefined ? {} : { packageJson: over.packageJson }),
  })
  const table: [string, BuildInput, PackageOverride | undefined, string][] = [
    ['a package name with ..', base({ name: '../fx' }), undefined, 'Unsafe package name "../fx" in package ../fx@1.0.0: a name is one path segment or "@scope/name".'],
    ['a file entry with ..', base({ files: files({ 'index.js': '', '../x.js': '' }) }), undefined, 'Unsafe file entry "../x.js" in package fx-unsafe@1.0.0: it has a ".." segment.'],
    ['an absolute file entry', base({ files: files({ '/etc/x.js': '' }) }), undefined, 'Unsafe file entry "/etc/x.js" in package fx-unsafe@1.0.0: it is an absolute path.'],
    [
      'an exports target with ..',
      base({ packageJson: { name: 'fx-unsafe', exports: { '.': './index.js', './x': { browser: './../../x.js' } } } }),
      undefined,
      'Unsafe "exports" target "./../../x.js" in package fx-unsafe@1.0.0: it has a ".." segment.',
    ],
    ['an absolute exports target', base({ packageJson: { name: 'fx-unsafe', exports: '/etc/passwd' } }), undefined, 'Unsafe "exports" target "/etc/passwd" in package fx-unsafe@1.0.0: it is an absolute path.'],
    ['an imports target with ..', base({ packageJson: { name: 'fx-unsafe', imports: { '#x': '../x.js' } } }), undefined, 'Unsafe "imports" target "../x.js" in package fx-unsafe@1.0.0: it has a ".." segment.'],
    ['a main with ..', base({ packageJson: { name: 'fx-unsafe', main: '../index.js' } }), undefined, 'Unsafe "main" field "../index.js" in package fx-unsafe@1.0.0: it has a ".." segment.'],
    [
      'a browser field target with ..',
      base({ packageJson: { name: 'fx-unsafe', browser: { './index.js': '../x.js' } } }),
      undefined,
      'Unsafe "browser" field target "../x.js" in package fx-unsafe@1.0.0: it has a ".." segment.',
    ],
    ['an override exports target', base({}), { exports: { '.': '../../index.js' } }, 'Unsafe "exports" target "../../index.js" in package fx-unsafe@1.0.0: it has a ".." segment.'],
    ['an override main', base({}), { main: '/index' }, 'Unsafe "main" field "/index" in package fx-unsafe@1.0.0: it is an absolute path.'],
    ['an override directories.lib', base({}), { directories: { lib: '../src' } }, 'Unsafe "directories.lib" "../src" in package fx-unsafe@1.0.0: it has a ".." segment.'],
    ['an override map target', base({}), { map: { dep: './../dep' } }, 'Unsafe "map" target "./../dep" in package fx-unsafe@1.0.0: it has a ".." segment.'],
    ['an override shim key', base({}), { shim: { '../x': ['dep'] } }, 'Unsafe "shim" key "../x" in package fx-unsafe@1.0.0: it has a ".." segment.'],
    ['a jspm-prefixed override main', base({}), { jspm: { main: '../x' } }, 'Unsafe "main" field "../x" in package fx-unsafe@1.0.0: it has a ".." segment.'],
  ]
  it.each(table)('%s', async (_, input, override, message) => {
    const overrides = override === undefined ? {} : { [input.pkg.name]: override }
    const error: unknown = await buildPackage(input, { overrides }).then(
      () => undefined,
      (err: unknown) => err,
    )
    expect(isEsmapError(error, 'ESMAP_UNSAFE_PATH')).toBe(true)
    expect((error as Error).message.split('\n')[0]).toBe(message)
    expect((error as Error).message).toContain('Fix: Nothing may point outside the package')
  })
})
