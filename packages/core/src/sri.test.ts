import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { integrity, type IntegrityAlgorithm } from './sri.js'

interface ComputeVector {
  id: string
  alg: IntegrityAlgorithm
  input: string
  expect: string
}

const vectors = JSON.parse(readFileSync(new URL('../../../../shared/conformance/sri/sri-vectors.json', import.meta.url), 'utf8'))

describe('integrity() against the SRI conformance vectors', () => {
  const compute: ComputeVector[] = vectors.compute
  it('has the five compute vectors', () => expect(compute).toHaveLength(5))
  for (const [i, v] of compute.entries()) {
    it(`compute #${i} ${v.id}`, () => {
      expect(integrity(v.input, v.alg)).toBe(v.expect)
      expect(integrity(new TextEncoder().encode(v.input), v.alg)).toBe(v.expect)
    })
  }
})

describe('integrity() over exact bytes', () => {
  it('hashes a byte-order mark as bytes, not as decoded text', () => {
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, 0x61])
    expect(integrity(withBom, 'sha256')).not.toBe(integrity('a', 'sha256'))
    expect(integrity(withBom, 'sha256')).toBe('sha256-' + 'GVHHhg6WjnQmWLOvNOYHQetKryqNLsw5k3JwFrEugeg=')
  })
  it('keeps invalid UTF-8 bytes as they are', () => {
    expect(integrity(new Uint8Array([0xff, 0xfe]), 'sha384')).toBe(integrity(Buffer.from([0xff, 0xfe]), 'sha384'))
    expect(integrity(new Uint8Array([0xff, 0xfe]), 'sha384')).not.toBe(integrity('\ufffd\ufffd', 'sha384'))
  })
  it('rejects an unknown algorithm with a message that names it', () => {
    expect(() => integrity('x', 'md5' as IntegrityAlgorithm)).toThrow('Unsupported integrity algorithm "md5"')
  })
})
