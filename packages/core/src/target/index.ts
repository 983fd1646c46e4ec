export { parseTarget } from './parse.js'
export { validatePackageName } from './name.js'
export type { PackageNameCheck } from './name.js'
export type { InstallTarget, InstallTargetInput, PackageInstallTarget, PathInstallTarget, UrlInstallTarget } from './types.js'
