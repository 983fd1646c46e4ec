import { describe, expect, it } from 'vitest'
import { buildKey, canonicalJson } from './key.js'

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: [{ d: 1, c: undefined, a: null }], a: 'x' })).toBe('{"a":"x","b":[{"a":null,"d":1}]}')
  })
})

describe('buildKey', () => {
  const pkg = { registry: 'npm', name: 'react', version: '18.3.1' }
  const base = buildKey(pkg, { conditions: ['browser', 'production'] })

  it('is a sha256 hex digest, the same for the same input', () => {
    expect(base).toMatch(/^[0-9a-f]{64}$/)
    expect(buildKey({ ...pkg }, { conditions: ['browser', 'production'] })).toBe(base)
  })

  const same: [string, Parameters<typeof buildKey>][] = [
    ['conditions in another order, repeated, or with import/default', [pkg, { conditions: ['production', 'browser', 'browser', 'import', 'default'] }]],
    ['an override for another package', [pkg, { conditions: ['browser', 'production'], overrides: { 'react-dom': { main: 'x' } } }]],
    ['an override for other versions', [pkg, { conditions: ['browser', 'production'], overrides: { 'react@^17': { main: 'x' } } }]],
    ['the defaults written out', [pkg, { conditions: ['browser', 'production'], minify: false, sourcemap: true, polyfills: { process: 'process@^0.11.10' } }]],
    ['no registry (npm)', [{ name: 'react', version: '18.3.1' }, { conditions: ['browser', 'production'] }]],
  ]
  it.each(same)('is unchanged by %s', (_, args) => {
    expect(buildKey(...args)).toBe(base)
  })

  const different: [string, Parameters<typeof buildKey>][] = [
    ['another version', [{ ...pkg, version: '18.3.0' }, { conditions: ['browser', 'production'] }]],
    ['another registry', [{ ...pkg, registry: 'jsr' }, { conditions: ['browser', 'production'] }]],
    ['other conditions', [pkg, { conditions: ['browser', 'development'] }]],
    ['an override that applies', [pkg, { conditions: ['browser', 'production'], overrides: { 'react@^18': { main: 'x' } } }]],
    ['minify', [pkg, { conditions: ['browser', 'production'], minify: true }]],
    ['no source maps', [pkg, { conditions: ['browser', 'production'], sourcemap: false }]],
    ['another polyfill', [pkg, { conditions: ['browser', 'production'], polyfills: { buffer: false } }]],
  ]
  it.each(different)('changes with %s', (_, args) => {
    expect(buildKey(...args)).not.toBe(base)
  })
})
