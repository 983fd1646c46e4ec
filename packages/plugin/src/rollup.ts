import { unplugin } from './index.js'

export default unplugin.rollup as typeof unplugin.rollup
