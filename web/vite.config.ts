import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

// Hashed file names under /assets/ are served immutable; index.html is no-cache (projections' static routes).
// A rebuild keeps the previous build's hashed files (emptyOutDir: false), so a page opened before it can
// still load its lazy chunks from a server that is running while the app is rebuilt.
export default defineConfig({
  plugins: [vue()],
  base: '/',
  build: { outDir: 'dist', emptyOutDir: false, assetsDir: 'assets', chunkSizeWarningLimit: 3000, reportCompressedSize: false },
});
