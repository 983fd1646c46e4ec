export { createInstaller } from './installer.js'
export { isLocal, packageKey, parsePackageKey } from './package-key.js'
export type {
  DependencyTarget,
  InstallCallOptions,
  InstallChange,
  InstalledPackage,
  Installer,
  InstallerOptions,
  InstallLock,
  InstallMode,
  InstallSource,
  InstallWarning,
  LocalPackage,
  PrimaryRequest,
} from './types.js'
