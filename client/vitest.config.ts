import { defineProject } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The svelte plugin compiles *.svelte.ts modules, so classes with runes work in Node tests.
export default defineProject({
  plugins: [svelte()],
  test: {
    name: 'client',
    include: ['src/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['fake-indexeddb/auto'],
  },
});
