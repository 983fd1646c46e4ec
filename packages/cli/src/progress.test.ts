import { describe, expect, it, vi } from 'vitest'
import { formatBytes, formatCounts, Progress } from './progress.js'

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [1000, '1.0 kB'],
    [4321, '4.3 kB'],
    [999_949, '999.9 kB'],
    [1_000_000, '1.0 MB'],
    [2_500_000_000, '2.5 GB'],
    [7_000_000_000_000, '7000.0 GB'],
  ])('%d → %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text)
  })
})

describe('formatCounts', () => {
  it.each([
    [{ packages: 1, modules: 1, bytes: 10 }, '1 package resolved · 1 module traced · 10 B fetched'],
    [{ packages: 0, modules: 12, bytes: 4500 }, '0 packages resolved · 12 modules traced · 4.5 kB fetched'],
  ])('%j', (counts, text) => {
    expect(formatCounts(counts)).toBe(text)
  })
})

describe('Progress', () => {
  it('redraws one line in place, prints lines above it, and erases it when stopped', () => {
    vi.useFakeTimers()
    try {
      let out = ''
      const counts = { packages: 0, modules: 0, bytes: 0 }
      const progress = new Progress({ write: (s: string) => (out += s), columns: 200 }, 'installing', () => counts, 100)
      progress.start()
      counts.packages = 2
      counts.bytes = 2048
      vi.advanceTimersByTime(100)
      progress.print('warning: x')
      progress.stop()
      vi.advanceTimersByTime(500)
      expect(out).toBe(
        [
          '\r\x1b[K⠋ installing · 0 packages resolved · 0 modules traced · 0 B fetched',
          '\r\x1b[K⠙ installing · 2 packages resolved · 0 modules traced · 2.0 kB fetched',
          '\r\x1b[Kwarning: x\n',
          '\r\x1b[K⠹ installing · 2 packages resolved · 0 modules traced · 2.0 kB fetched',
          '\r\x1b[K',
        ].join(''),
      )
    } finally {
      vi.useRealTimers()
    }
  })

  it('cuts the line to the terminal width', () => {
    let out = ''
    const progress = new Progress({ write: (s: string) => (out += s), columns: 20 }, 'installing', () => ({ packages: 0, modules: 0, bytes: 0 }))
    progress.start()
    progress.stop()
    expect(out).toBe('\r\x1b[K⠋ installing · 0 pa\r\x1b[K')
  })
})
