import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

// Hashed file names under /assets/ are served immutable; index.html is no-cache (projections' static routes).
export default defineConfig({
  plugins: [vue()],
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true, assetsDir: 'assets', chunkSizeWarningLimit: 3000, reportCompressedSize: false },
});
