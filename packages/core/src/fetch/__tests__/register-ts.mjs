// `node --import ./register-ts.mjs child.mjs` runs a child that imports `.ts` sources (see ts-hooks.mjs).
import { register } from 'node:module'

register('./ts-hooks.mjs', import.meta.url)
