import type { OutStream } from './io.js'

/** What the progress line shows. */
export interface ProgressCounts {
  /** Package versions resolved so far. */
  packages: number
  /** Modules traced (known when a trace completes). */
  modules: number
  /** Bytes received from the network. */
  bytes: number
}

/** `1234` → `1.2 kB`: SI units, one decimal from kB up. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`
  const units = ['kB', 'MB', 'GB']
  let value = bytes / 1000
  let unit = 0
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000
    unit++
  }
  return `${value.toFixed(1)} ${units[unit]}`
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`

/** `3 packages resolved · 12 modules traced · 4.5 kB fetched` */
export function formatCounts(counts: ProgressCounts): string {
  return `${plural(counts.packages, 'package')} resolved · ${plural(counts.modules, 'module')} traced · ${formatBytes(counts.bytes)} fetched`
}

const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏']
/** Erase the current terminal line and return to its start. */
const clearLine = '\r\x1b[K'

/**
 * The progress line on a terminal: a spinner, the label and the counters, redrawn in place
 * every `interval` ms. Lines printed meanwhile go above it.
 */
export class Progress {
  readonly #stream: OutStream
  readonly #label: string
  readonly #read: () => ProgressCounts
  readonly #interval: number
  #timer: ReturnType<typeof setInterval> | undefined
  #frame = 0

  constructor(stream: OutStream, label: string, read: () => ProgressCounts, interval = 80) {
    this.#stream = stream
    this.#label = label
    this.#read = read
    this.#interval = interval
  }

  start(): void {
    this.#draw()
    this.#timer = setInterval(() => this.#draw(), this.#interval)
    this.#timer.unref()
  }

  /** Prints a line above the progress line. */
  print(line: string): void {
    this.#stream.write(`${clearLine}${line}\n`)
    if (this.#timer) this.#draw()
  }

  stop(): void {
    if (this.#timer === undefined) return
    clearInterval(this.#timer)
    this.#timer = undefined
    this.#stream.write(clearLine)
  }

  #draw(): void {
    const frame = frames[this.#frame++ % frames.length]!
    let line = `${frame} ${this.#label} · ${formatCounts(this.#read())}`
    const width = this.#stream.columns
    if (width && line.length > width - 1) line = line.slice(0, width - 1)
    this.#stream.write(`${clearLine}${line}`)
  }
}
