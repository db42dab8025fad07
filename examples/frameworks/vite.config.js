// Multi-page build of the framework examples into ../app (committed, served by the demo server).
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const root = resolve(import.meta.dirname, 'src');

export default defineConfig({
  root,
  base: '/app/',
  build: {
    outDir: resolve(import.meta.dirname, '..', 'app'),
    emptyOutDir: true,
    // No inline scripts or module preload polyfill: the pages run under script-src 'self'.
    modulePreload: { polyfill: false },
    rollupOptions: { input: { react: resolve(root, 'react/index.html'), vue: resolve(root, 'vue/index.html') } },
  },
});
