export { main } from './cli.js'
export type { CliIo, OutStream } from './io.js'
