/** Median and spread of a list of numbers (the runs of one case). */
export function summarize(values) {
  const xs = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b)
  if (xs.length === 0) return undefined
  const mid = Math.floor(xs.length / 2)
  const median = xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2
  return { median, min: xs[0], max: xs[xs.length - 1], n: xs.length, values }
}

/** `a / b`, or undefined when either is missing. */
export const ratio = (a, b) => (a === undefined || b === undefined || b === 0 ? undefined : a / b)
