import { describe, expect, it } from 'vitest'
import vite from './vite.js'
import rollup from './rollup.js'
import esbuild from './esbuild.js'

describe('per-bundler entries', () => {
  it('each default export is that bundler\'s plugin factory', () => {
    expect((vite() as { name: string }).name).toBe('esmap')
    expect((rollup() as { name: string }).name).toBe('esmap')
    expect(esbuild().name).toBe('esmap')
    expect(typeof esbuild().setup).toBe('function')
  })
})
