import { describe, expect, it } from 'vitest'
import { findDeclaration, inlineTarget, parseDependencySpec } from './spec.js'
import type { DependencyTarget } from './types.js'

describe('parseDependencySpec', () => {
  const base = 'file:///repo/packages/app/'
  const cases: [spec: string, expected: DependencyTarget | undefined][] = [
    ['^1.2.0', { registry: 'npm', name: 'dep', range: '^1.2.0' }],
    ['', { registry: 'npm', name: 'dep', range: '*' }],
    [' latest ', { registry: 'npm', name: 'dep', range: 'latest' }],
    ['>=1.0.0 <2', { registry: 'npm', name: 'dep', range: '>=1.0.0 <2' }],
    ['npm:preact@^10', { registry: 'npm', name: 'preact', range: '^10' }],
    ['npm:@scope/pkg', { registry: 'npm', name: '@scope/pkg', range: '*' }],
    ['jsr:@std/path@^1.0.0', { registry: 'jsr', name: '@std/path', range: '^1.0.0' }],
    ['file:../lib', { url: 'file:///repo/packages/lib/' }],
    ['link:../lib/', { url: 'file:///repo/packages/lib/' }],
    ['./vendor/x', { url: 'file:///repo/packages/app/vendor/x/' }],
    ['file:///opt/pkg', { url: 'file:///opt/pkg/' }],
    ['https://example.com/pkgs/a/', { url: 'https://example.com/pkgs/a/' }],
    ['https://example.com/a.tgz', undefined],
    ['file:../a.tgz', undefined],
    ['git+https://example.com/a.git', undefined],
    ['github:user/repo', undefined],
    ['user/repo', undefined],
    ['workspace:*', undefined],
  ]
  for (const [spec, expected] of cases)
    it(JSON.stringify(spec), () => expect(parseDependencySpec('dep', spec, 'npm', base)).toEqual(expected))

  it('a relative folder without a base cannot be read', () => expect(parseDependencySpec('dep', 'file:../lib', 'npm', undefined)).toBeUndefined())
})

describe('findDeclaration', () => {
  const pjson = {
    dependencies: { both: '^1.0.0', dep: '^2.0.0' },
    optionalDependencies: { opt: '^3.0.0' },
    peerDependencies: { both: '^1.1.0', peer: '^4.0.0' },
    devDependencies: { dev: '^5.0.0' },
  }
  const cases: [name: string, dev: boolean, expected: ReturnType<typeof findDeclaration>][] = [
    ['dep', false, { field: 'dependencies', spec: '^2.0.0' }],
    ['both', false, { field: 'dependencies', spec: '^1.0.0' }],
    ['opt', false, { field: 'optionalDependencies', spec: '^3.0.0' }],
    ['peer', false, { field: 'peerDependencies', spec: '^4.0.0' }],
    ['dev', false, undefined],
    ['dev', true, { field: 'devDependencies', spec: '^5.0.0' }],
    ['toString', false, undefined],
  ]
  for (const [name, dev, expected] of cases) it(`${name}${dev ? ' (top level)' : ''}`, () => expect(findDeclaration(pjson, name, dev)).toEqual(expected))
})

describe('inlineTarget', () => {
  const cases: [alias: string, expected: DependencyTarget | undefined][] = [
    ['jsr:@std/path@^1.0.0', { registry: 'jsr', name: '@std/path', range: '^1.0.0' }],
    ['jsr:@std/path', { registry: 'jsr', name: '@std/path', range: '*' }],
    ['npm:preact@10', { registry: 'npm', name: 'preact', range: '10' }],
    ['npm:@scope/pkg@~2.1', { registry: 'npm', name: '@scope/pkg', range: '~2.1' }],
    ['preact', undefined],
    ['@scope/pkg', undefined],
    ['deno:oak@12', undefined],
  ]
  for (const [alias, expected] of cases) it(alias, () => expect(inlineTarget(alias)).toEqual(expected))
})
