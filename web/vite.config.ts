/**
 * Vite configuration of the web app: built into web/dist, which the API server serves at /.
 * Two pages: the company's app (index.html) and the customer portal (portal.html, served at
 * /portal), each with its own entry, so a customer's browser never loads the company's app.
 * The dev server (`npx vite --config web/vite.config.ts`) proxies /api and /portal-api to a server
 * on port 3100 and answers /portal with the portal's page, as the server does.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

/** In development, /portal and /portal/… are the portal's page (the server does the same in production). */
function portalPage(): Plugin {
  return {
    name: 'mahnwerk-portal-page',
    configureServer(server) {
      server.middlewares.use((request, _response, next) => {
        const path = request.url?.split('?')[0] ?? '';
        if (path === '/portal' || (path.startsWith('/portal/') && !path.includes('.'))) {
          request.url = '/portal.html';
        }
        next();
      });
    },
  };
}

export default defineConfig({
  root: webRoot,
  plugins: [react(), portalPage()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // recharts alone is half a megabyte; one bundle is fine for an app used all day from cache.
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      input: {
        main: fileURLToPath(new URL('index.html', import.meta.url)),
        portal: fileURLToPath(new URL('portal.html', import.meta.url)),
      },
    },
  },
  server: {
    host: '127.0.0.1',
    proxy: { '/api': 'http://127.0.0.1:3100', '/portal-api': 'http://127.0.0.1:3100' },
  },
});
