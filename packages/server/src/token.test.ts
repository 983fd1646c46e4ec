import { expect, it } from 'vitest'
import { createTokenCheck } from './token.js'

it.each([
  ['s3cret', 's3cret', true],
  ['s3cret', 's3cre', false],
  ['s3cret', 's3cret ', false],
  ['s3cret', '', false],
  ['s3cret', 'x'.repeat(10_000), false],
] as const)('token %j, given %j → %j', (token, given, expected) => {
  const check = createTokenCheck(token)
  expect([check.enabled, check.matches(given)]).toEqual([true, expected])
})

it.each([undefined, ''])('without a token (%j) nothing matches', (token) => {
  const check = createTokenCheck(token)
  expect([check.enabled, check.matches(''), check.matches('anything')]).toEqual([false, false, false])
})
