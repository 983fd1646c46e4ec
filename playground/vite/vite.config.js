import { resolve } from 'node:path'
import { defineConfig } from 'vite'
import esmap from '@esmap/plugin/vite'

export default defineConfig({
  plugins: [
    esmap({
      // ES module packages load from jsDelivr, resolved registry-first through the npm registry.
      defaultProvider: 'jsdelivr',
      // React is CommonJS: build it into ES modules and vendor it into dist/_esm/.
      providers: { react: 'self', 'react-dom': 'self', scheduler: 'self' },
    }),
  ],
  build: {
    rollupOptions: { input: { index: resolve(import.meta.dirname, 'index.html'), react: resolve(import.meta.dirname, 'react.html') } },
  },
})
