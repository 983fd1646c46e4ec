import { describe, expect, it } from 'vitest'
import { isBareSpecifier, packageNameOf, shouldExternalize, type ExternalsConfig } from './externals.js'

describe('packageNameOf', () => {
  it.each([
    ['lit', 'lit'],
    ['lit/decorators.js', 'lit'],
    ['@lit/reactive-element', '@lit/reactive-element'],
    ['@lit/reactive-element/decorators/custom-element.js', '@lit/reactive-element'],
    ['@scope', undefined],
    ['./local.js', undefined],
    ['/abs.js', undefined],
    ['https://cdn.example/x.js', undefined],
    ['node:fs', undefined],
    ['virtual:pwa', undefined],
    ['\0commonjsHelpers', undefined],
    ['#internal', undefined],
  ])('%s → %s', (specifier, name) => {
    expect(packageNameOf(specifier)).toBe(name)
  })
  it('treats alias prefixes as not bare', () => {
    expect(isBareSpecifier('~/x')).toBe(false)
    expect(isBareSpecifier('@/components/x')).toBe(false)
  })
})

describe('shouldExternalize', () => {
  const base: ExternalsConfig = { include: undefined, exclude: [], dependencies: new Set(['lit', 'preact', '@preact/signals']) }
  it.each([
    ['lit', true],
    ['lit/decorators.js', true],
    ['preact/hooks', true],
    ['@preact/signals', true],
    ['vue', false], // not a dependency
    ['lit/styles.css', false], // CSS stays with the bundler
    ['preact/data.json', false],
    ['./app.js', false],
  ])('by dependencies: %s → %s', (specifier, expected) => {
    expect(shouldExternalize(specifier, base)).toBe(expected)
  })
  it('exclude wins over dependencies and include', () => {
    expect(shouldExternalize('preact/hooks', { ...base, exclude: ['preact'] })).toBe(false)
    expect(shouldExternalize('lit', { ...base, include: ['lit'], exclude: [/^lit$/] })).toBe(false)
  })
  it('include takes names, globs, regexes and functions instead of the dependencies', () => {
    expect(shouldExternalize('vue', { ...base, include: ['vue'] })).toBe(true)
    expect(shouldExternalize('lit', { ...base, include: ['vue'] })).toBe(false)
    expect(shouldExternalize('@lit/task', { ...base, include: ['@lit/*'] })).toBe(true)
    expect(shouldExternalize('@lit-labs/task', { ...base, include: ['@lit/*'] })).toBe(false)
    expect(shouldExternalize('lodash-es/map.js', { ...base, include: ['lodash*'] })).toBe(true)
    expect(shouldExternalize('three/addons/x.js', { ...base, include: [/^three\//] })).toBe(true)
    expect(shouldExternalize('three', { ...base, include: [/^three\//] })).toBe(false)
    expect(shouldExternalize('d3-array', { ...base, include: [(_s, name) => name.startsWith('d3')] })).toBe(true)
  })
  it('a global regex gives the same answer twice', () => {
    const g = /^lit/g
    expect(shouldExternalize('lit', { ...base, include: [g] })).toBe(true)
    expect(shouldExternalize('lit', { ...base, include: [g] })).toBe(true)
  })
})
