import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

const rootDir = fileURLToPath(new URL('..', import.meta.url));

/**
 * client/node_modules holds an older @tiptap/core and @tiptap/pm than the root copy StarterKit and
 * Collaboration use; two copies of the editor core would double the bundle and split its classes.
 * Resolve both from the root so every extension shares one core.
 */
function oneTiptapCore(): Plugin {
  const fromRoot = `${rootDir}node_modules/@tiptap/starter-kit/package.json`;
  return {
    name: 'trellis-one-tiptap-core',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!/^@tiptap\/(core|pm)(\/|$)/.test(source) || importer === fromRoot) return null;
      return this.resolve(source, fromRoot, { ...options, skipSelf: true });
    },
  };
}

/** Lists every built file so the service worker can keep the whole app shell for offline use. */
function appShellManifest(): Plugin {
  return {
    name: 'trellis-app-shell-manifest',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle)
        .filter((name) => name.startsWith('assets/'))
        .map((name) => `/${name}`)
        .sort();
      this.emitFile({ type: 'asset', fileName: 'app-shell.json', source: JSON.stringify({ files }) });
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [oneTiptapCore(), svelte(), appShellManifest()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8787',
      '/sync': { target: 'ws://127.0.0.1:8787', ws: true },
    },
  },
});
