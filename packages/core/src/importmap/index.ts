export { ImportMap } from './import-map.js'
export { ImportMapError, isImportMapError } from './errors.js'
export type { ImportMapErrorCode } from './errors.js'
export type { ImportMapEntry, ImportMapImport, ImportMapInit, ImportMapParseOptions } from './types.js'
