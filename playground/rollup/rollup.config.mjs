import esmap from '@esmap/plugin/rollup'

export default {
  input: 'src/main.js',
  output: { dir: 'dist', format: 'es', entryFileNames: '[name]-[hash].js' },
  plugins: [esmap({ defaultProvider: 'jsdelivr', html: 'index.html' })],
}
