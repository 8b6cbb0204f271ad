import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The API server of `npm run dev`; 127.0.0.1 because it listens on IPv4 only by default.
const server = `http://127.0.0.1:${process.env.PORT ?? 3000}`;

export default defineConfig({
  root: 'src/web',
  plugins: [react()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    // The app is served by our own server with a strict CSP: keep every script an external file.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    port: 5173,
    proxy: { '/api': server, '/healthz': server },
  },
});
