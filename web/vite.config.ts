import optimizeLocales from '@react-aria/optimize-locales-plugin';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The API serves the built app in production; in development Vite proxies the API to it.
export default defineConfig({
  plugins: [
    react(),
    tailwindcss(),
    // The accessible components carry their own words in some thirty languages; keep ours.
    optimizeLocales.vite({ locales: ['en', 'es'] }),
  ],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: false },
      '/metrics': { target: 'http://localhost:3000' },
    },
  },
});
