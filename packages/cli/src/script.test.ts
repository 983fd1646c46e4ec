import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { extractScriptMap, renderScript } from './script.js'

interface FakeElement {
  tag: string
  [prop: string]: unknown
}

/** Runs a script against a document with just what it uses, returning what it appended to <head>. */
function run(script: string): FakeElement[] {
  const head: FakeElement[] = []
  const document = { createElement: (tag: string): FakeElement => ({ tag }), head: { appendChild: (el: FakeElement) => head.push(el) } }
  runInNewContext(script, { document, JSON })
  return head
}

describe('renderScript', () => {
  const map = { imports: { lit: 'https://cdn.example/lit@3.2.0/index.js' }, scopes: { 'https://cdn.example/': { dep: 'https://cdn.example/dep@1.0.0/index.js' } } }

  it('appends an importmap script with the map', () => {
    expect(run(renderScript(map))).toEqual([{ tag: 'script', type: 'importmap', textContent: JSON.stringify(map) }])
  })

  it('appends modulepreload links after the map, with integrity and crossorigin when given', () => {
    const head = run(renderScript(map, [{ href: 'https://cdn.example/lit@3.2.0/index.js', integrity: 'sha384-abc' }, { href: './app.js' }]))
    expect(head).toEqual([
      { tag: 'script', type: 'importmap', textContent: JSON.stringify(map) },
      { tag: 'link', rel: 'modulepreload', href: 'https://cdn.example/lit@3.2.0/index.js', integrity: 'sha384-abc', crossOrigin: 'anonymous' },
      { tag: 'link', rel: 'modulepreload', href: './app.js' },
    ])
  })

  it('can be read back', () => {
    expect(JSON.parse(extractScriptMap(renderScript(map))!)).toEqual(map)
    expect(JSON.parse(extractScriptMap(renderScript({}, [{ href: 'x.js' }]))!)).toEqual({})
  })

  it('a script without markers has no map', () => {
    expect(extractScriptMap('document.head.appendChild(x)')).toBeUndefined()
    expect(extractScriptMap('/*esmap:map*/{}')).toBeUndefined()
  })
})
