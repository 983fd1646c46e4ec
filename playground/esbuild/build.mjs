import { build } from 'esbuild'
import esmap from '@esmap/plugin/esbuild'

await build({
  entryPoints: ['src/main.js'],
  bundle: true,
  format: 'esm',
  splitting: true,
  outdir: 'dist',
  logLevel: 'info',
  plugins: [esmap({ defaultProvider: 'jsdelivr', html: 'index.html' })],
})
