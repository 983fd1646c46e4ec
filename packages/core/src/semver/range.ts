import { bound, type Bound, type Comparator } from './bound.js'

/**
 * An npm range read into comparator sets (node-semver's model: the range matches when every
 * comparator of one set matches), or a tag: anything that is not range syntax (`latest`, `next`,
 * `wip/x`), which only matches itself or the version a dist-tag names.
 */
export type ParsedRange =
  | { readonly kind: 'tag'; readonly tag: string }
  | {
      readonly kind: 'range'
      /** OR of AND-sets; an empty set matches every version. */
      readonly sets: readonly (readonly Comparator[])[]
      /** The same range in syntax that sver 2 parses (`1.2.3 - 2.x` → `>=1.2.3 <3.0.0`). */
      readonly sver: string
      /** True for one exact version (`1.2.3`, `=v1.2.3`). */
      readonly exact: boolean
    }

/** A version with `x` / `*` / missing components as undefined: `1.2.x` → 1, 2, undefined. */
interface Partial {
  readonly major: number | undefined
  readonly minor: number | undefined
  readonly patch: number | undefined
  readonly pre: readonly string[]
}

type Operator = '' | '=' | '~' | '^' | '>=' | '>' | '<' | '<='

const PARTIAL =
  /^[v=]*(x|X|\*|0|[1-9]\d*)(?:\.(x|X|\*|0|[1-9]\d*)(?:\.(x|X|\*|0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?)?)?$/
const OPERATOR = /^(~>|~|\^|>=|<=|>|<|=)?(.*)$/s

/** Matches nothing (`>*`, `<0`): below the lowest version. */
const NONE: readonly Comparator[] = [{ op: '<', bound: bound(0, 0, 0, [], true) }]

function parsePartial(text: string): Partial | undefined {
  const m = PARTIAL.exec(text)
  if (m === null) return undefined
  const num = (s: string | undefined): number | undefined => (s === undefined || /^[xX*]$/.test(s) ? undefined : Number(s))
  const major = num(m[1])
  const minor = major === undefined ? undefined : num(m[2])
  const patch = minor === undefined ? undefined : num(m[3])
  if (![major, minor, patch].every((n) => n === undefined || Number.isSafeInteger(n))) return undefined
  return { major, minor, patch, pre: patch === undefined || m[4] === undefined ? [] : m[4].split('.') }
}

/** The floor of the next version after the partial's last given component: `1.2` → 1.3.0-0, `1` → 2.0.0-0. */
function nextFloor(major: number, minor: number | undefined): Bound {
  return minor === undefined ? bound(major + 1, 0, 0, [], true) : bound(major, minor + 1, 0, [], true)
}

/** The comparators of one simple token (node-semver's desugaring, floors as in sver). */
function desugar(op: Operator, p: Partial): readonly Comparator[] {
  const { major, minor, patch, pre } = p
  // `*`, `x`, `>=*`, `<=*`, `~*`, `^*`: any version; `>*`, `<*`: none.
  if (major === undefined) return op === '>' || op === '<' ? NONE : []
  const low = bound(major, minor ?? 0, patch ?? 0, pre)
  const lowFloor = bound(major, minor ?? 0, patch ?? 0, pre, pre.length === 0)
  const upper: Comparator = { op: '<', bound: nextFloor(major, minor) }
  const isFull = patch !== undefined && minor !== undefined
  switch (op) {
    case '':
    case '=':
      // `1.2.3` is exact; `1.2` and `1` are X-ranges from the tuple's floor.
      return isFull ? [{ op: '>=', bound: low }, { op: '<=', bound: low }] : [{ op: '>=', bound: lowFloor }, upper]
    case '~':
      // `~1.2.3` and `~1.2`: patch updates; `~1`: minor updates.
      return [{ op: '>=', bound: lowFloor }, upper]
    case '^': {
      // The left-most non-zero component may not change: `^1.2.3` <2, `^0.2.3` <0.3, `^0.0.3` <0.0.4.
      let top: Bound
      if (major !== 0 || minor === undefined) top = bound(major + 1, 0, 0, [], true)
      else if (minor !== 0 || patch === undefined) top = bound(0, minor + 1, 0, [], true)
      else top = bound(0, 0, patch + 1, [], true)
      return [{ op: '>=', bound: lowFloor }, { op: '<', bound: top }]
    }
    case '>':
      // `>1.2.3` as written; `>1.2` is `>=1.3.0`, `>1` is `>=2.0.0`.
      return isFull ? [{ op: '>', bound: low }] : [{ op: '>=', bound: { ...nextFloor(major, minor), floor: false } }]
    case '>=':
      return [{ op: '>=', bound: low }]
    case '<':
      // `<1.2.3` as written; `<1.2` is below 1.2.0-0.
      return isFull ? [{ op: '<', bound: low }] : [{ op: '<', bound: bound(major, minor ?? 0, 0, [], true) }]
    case '<=':
      // `<=1.2.3` as written; `<=1.2` is below 1.3.0-0.
      return isFull ? [{ op: '<=', bound: low }] : [upper]
  }
}

/** A partial as sver spells it: `1.x` → `1`, `v1.2.3+b` → `1.2.3`. */
function sverPartial(p: Partial): string {
  if (p.major === undefined) return '*'
  if (p.minor === undefined) return `${p.major}`
  if (p.patch === undefined) return `${p.major}.${p.minor}`
  return `${p.major}.${p.minor}.${p.patch}${p.pre.length > 0 ? `-${p.pre.join('.')}` : ''}`
}

/** One simple token (an operator and a partial): its comparators and its sver spelling. */
function parseToken(operator: string, text: string): { comparators: readonly Comparator[]; sver: string } | undefined {
  const op = (operator === '~>' ? '~' : operator) as Operator
  const p = parsePartial(text)
  if (p === undefined) return undefined
  const comparators = desugar(op, p)
  const version = sverPartial(p)
  if (version === '*') return { comparators, sver: comparators.length === 0 ? '*' : '<0.0.0' }
  return { comparators, sver: `${op === '=' ? '' : op}${version}` }
}

/**
 * Splits a set on spaces into (operator, partial) tokens. An operator standing alone takes the
 * next word as its version, as node-semver does: `>= 1.2` is `>=1.2`, `> =1.2` is `>1.2`.
 */
function tokens(set: string): [operator: string, text: string][] | undefined {
  const out: [string, string][] = []
  let pending: string | undefined
  for (const word of set.split(/\s+/)) {
    if (pending !== undefined) {
      out.push([pending, word])
      pending = undefined
      continue
    }
    const [, operator = '', text = ''] = OPERATOR.exec(word) ?? []
    if (operator !== '' && text === '') pending = operator
    else out.push([operator, text])
  }
  return pending === undefined ? out : undefined
}

/** `A - B`: inclusive, with a partial B covering its whole X-range. */
function parseHyphen(from: string, to: string): { comparators: readonly Comparator[]; sver: string } | undefined {
  const a = parsePartial(from)
  const b = parsePartial(to)
  if (a === undefined || b === undefined) return undefined
  const comparators: Comparator[] = []
  const sver: string[] = []
  if (a.major !== undefined) {
    comparators.push(...desugar('>=', a))
    sver.push(`>=${sverPartial(a)}`)
  }
  if (b.major !== undefined) {
    const full = b.minor !== undefined && b.patch !== undefined
    comparators.push(...desugar('<=', b))
    const next = b.minor === undefined ? `${b.major + 1}.0.0` : `${b.major}.${b.minor + 1}.0`
    sver.push(full ? `<=${sverPartial(b)}` : `<${next}`)
  }
  return { comparators, sver: sver.length === 0 ? '*' : sver.join(' ') }
}

/** One `||` alternative: a hyphen range or space-separated simple tokens. */
function parseSet(text: string): { comparators: readonly Comparator[]; sver: string; exact: boolean } | undefined {
  const set = text.trim()
  if (set === '') return { comparators: [], sver: '*', exact: false }
  const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(set)
  if (hyphen !== null) {
    const parsed = parseHyphen(hyphen[1] ?? '', hyphen[2] ?? '')
    return parsed && { ...parsed, exact: false }
  }
  const words = tokens(set)
  const parsedTokens = words?.map(([operator, text]) => parseToken(operator, text))
  if (parsedTokens === undefined || parsedTokens.some((t) => t === undefined)) return undefined
  const parsed = parsedTokens as { comparators: readonly Comparator[]; sver: string }[]
  const comparators = parsed.flatMap((t) => t.comparators)
  const specific = parsed.filter((t) => t.sver !== '*')
  const only = parsed.length === 1 ? parsed[0] : undefined
  const exact = only !== undefined && only.comparators.length === 2 && only.comparators[0]?.op === '>=' && only.comparators[1]?.op === '<='
  return { comparators, sver: specific.length === 0 ? '*' : specific.map((t) => t.sver).join(' '), exact }
}

/**
 * Reads an npm range: exact versions, `^`, `~`, `~>`, X-ranges (`1.x`, `1.2.*`, `*`, ``),
 * comparators (`>=1.2 <2`), hyphens (`1.2.3 - 2.x`), `||` unions, `v` / `=` prefixes and
 * spaces after operators. Anything else is a tag.
 */
export function parseRange(range: string): ParsedRange {
  const text = range.trim()
  const sets = text.split('||').map(parseSet)
  if (sets.some((s) => s === undefined)) return { kind: 'tag', tag: text }
  const parsed = sets as { comparators: readonly Comparator[]; sver: string; exact: boolean }[]
  return {
    kind: 'range',
    sets: parsed.map((s) => s.comparators),
    sver: parsed.some((s) => s.sver === '*') ? '*' : parsed.map((s) => s.sver).join(' || '),
    exact: parsed.length === 1 && parsed[0]?.exact === true,
  }
}
