import { describe, expect, it } from 'vitest'
import { classifyReach } from './classify.js'

/** `url: 'static deps | dynamic deps'`, space-separated; a missing key is a module without a node. */
type Graph = Record<string, string>

function classify(entries: string[], graph: Graph): { staticDeps: string[]; dynamicDeps: string[] } {
  return classifyReach(entries, (url) => {
    const line = graph[url]
    if (line === undefined) return undefined
    const [statics = '', dynamics = ''] = line.split('|').map((part) => part.trim())
    return { static: statics ? statics.split(' ') : [], dynamic: dynamics ? dynamics.split(' ') : [] }
  })
}

describe('classifyReach', () => {
  const table: [name: string, entries: string[], graph: Graph, staticDeps: string[], dynamicDeps: string[]][] = [
    ['static chain', ['a'], { a: 'b |', b: 'c |', c: '|' }, ['a', 'b', 'c'], []],
    ['breadth-first, in edge order', ['a'], { a: 'c b |', b: 'd |', c: 'e |', d: '|', e: '|' }, ['a', 'c', 'b', 'e', 'd'], []],
    ['a dynamic import and its static deps are dynamic', ['a'], { a: '| d', d: 'e |', e: '|' }, ['a'], ['d', 'e']],
    ['reachable both ways is static', ['a'], { a: 'b | c', b: 'c |', c: '|' }, ['a', 'b', 'c'], []],
    ['a dynamic module importing a static one adds nothing', ['a'], { a: 'b | d', b: '|', d: 'b |' }, ['a', 'b'], ['d']],
    ['dynamic imports inside dynamic modules', ['a'], { a: '| d', d: '| e', e: '|' }, ['a'], ['d', 'e']],
    ['cycles', ['a'], { a: 'b | a', b: 'a | c', c: 'c | b' }, ['a', 'b'], ['c']],
    ['several entries', ['a', 'd'], { a: '| d', d: '|' }, ['a', 'd'], []],
    ['a module without a node is a leaf', ['a'], { a: 'missing | gone' }, ['a', 'missing'], ['gone']],
    ['no entries', [], { a: '|' }, [], []],
  ]
  for (const [name, entries, graph, staticDeps, dynamicDeps] of table) {
    it(name, () => expect(classify(entries, graph)).toEqual({ staticDeps, dynamicDeps }))
  }
})
