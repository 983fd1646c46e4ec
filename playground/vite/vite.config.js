import { defineConfig } from 'vite'
import esmap from '@esmap/plugin/vite'

export default defineConfig({
  plugins: [esmap({ defaultProvider: 'jsdelivr' })],
})
