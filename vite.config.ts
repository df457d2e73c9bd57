import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { serveDataPlugin } from './scripts/vite/serve_data_plugin.ts';

export default defineConfig({
  plugins: [preact(), serveDataPlugin()],
  build: {
    target: 'es2022',
    // MapLibre alone is ~800 KB minified; that is expected, not a warning.
    chunkSizeWarningLimit: 1200,
  },
  preview: { port: 4173, strictPort: false },
  server: { port: 5173 },
});
