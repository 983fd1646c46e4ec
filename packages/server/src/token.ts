import { createHash, timingSafeEqual } from 'node:crypto'

/** Checks rebuild tokens without revealing, through timing, how much of a guess was right. */
export interface TokenCheck {
  /** True when a token is configured at all. */
  readonly enabled: boolean
  /** Compares `given` with the configured token in constant time (over SHA-256 digests, so lengths leak nothing either). */
  matches(given: string): boolean
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest()

/** The configured token is kept only as its digest. */
export function createTokenCheck(token: string | undefined): TokenCheck {
  const expected = token === undefined || token === '' ? undefined : digest(token)
  return {
    enabled: expected !== undefined,
    matches: (given) => expected !== undefined && timingSafeEqual(digest(given), expected),
  }
}
