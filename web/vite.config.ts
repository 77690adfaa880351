/**
 * Vite configuration of the web app: built into web/dist, which the API server serves at /.
 * The dev server (`npx vite --config web/vite.config.ts`) proxies /api to a server on port 3100.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: webRoot,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // recharts alone is half a megabyte; one bundle is fine for an app used all day from cache.
    chunkSizeWarningLimit: 1500,
  },
  server: {
    host: '127.0.0.1',
    proxy: { '/api': 'http://127.0.0.1:3100' },
  },
});
