import { createUnplugin, type UnpluginFactory, type UnpluginInstance } from 'unplugin'

export interface Options {
  /** Packages to externalize. @default the package.json `dependencies` */
  include?: string[]
}

export const unpluginFactory: UnpluginFactory<Options | undefined> = () => ({
  name: 'esmap',
})

export const unplugin: UnpluginInstance<Options | undefined, boolean> = /* #__PURE__ */ createUnplugin(unpluginFactory)

export default unplugin
