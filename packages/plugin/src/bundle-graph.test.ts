import { describe, expect, it } from 'vitest'
import { pageGraph, type BundleEntry, type ChunkInfo } from './bundle-graph.js'

function chunk(fileName: string, imports: string[], dynamicImports: string[] = [], isEntry = false): ChunkInfo {
  return { type: 'chunk', fileName, code: '', isEntry, imports, dynamicImports }
}

const bare = (id: string): boolean => !/^[a-z]+\.js$/.test(id)

describe('pageGraph', () => {
  const bundle: Record<string, BundleEntry> = {
    'a.js': chunk('a.js', ['shared.js', 'lit'], ['lazy.js', 'preact'], true),
    'b.js': chunk('b.js', ['shared.js', 'vue'], [], true),
    'shared.js': chunk('shared.js', ['lit/decorators.js']),
    'lazy.js': chunk('lazy.js', ['zod', 'shared.js'], ['later.js']),
    'later.js': chunk('later.js', ['lit', 'nanoid']),
    'style.css': { type: 'asset', fileName: 'style.css', source: '' },
  }

  it('splits one page into static and dynamic chunks and externals', () => {
    expect(pageGraph(bundle, ['a.js'], bare)).toEqual({
      staticChunks: ['a.js', 'shared.js'],
      dynamicChunks: ['later.js', 'lazy.js'],
      staticExternals: ['lit', 'lit/decorators.js'],
      dynamicExternals: ['nanoid', 'preact', 'zod'],
    })
  })

  it('gives each page only what it loads', () => {
    expect(pageGraph(bundle, ['b.js'], bare)).toEqual({
      staticChunks: ['b.js', 'shared.js'],
      dynamicChunks: [],
      staticExternals: ['lit/decorators.js', 'vue'],
      dynamicExternals: [],
    })
  })

  it('counts a chunk reached both statically and dynamically as static', () => {
    const b: Record<string, BundleEntry> = {
      'e.js': chunk('e.js', ['x.js'], ['x.js'], true),
      'x.js': chunk('x.js', [], ['e.js']),
    }
    expect(pageGraph(b, ['e.js'], bare)).toEqual({ staticChunks: ['e.js', 'x.js'], dynamicChunks: [], staticExternals: [], dynamicExternals: [] })
  })

  it('skips imports that are neither chunks nor externals', () => {
    const b: Record<string, BundleEntry> = { 'e.js': chunk('e.js', ['https://cdn.example/x.js', 'lit'], [], true) }
    expect(pageGraph(b, ['e.js'], (id) => id === 'lit').staticExternals).toEqual(['lit'])
  })
})
