import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SERVICE_WORKER = fileURLToPath(new URL('./serviceWorker.js', import.meta.url));

/**
 * Lists every built file so the service worker can keep the whole app shell for offline use, and writes the
 * worker with the build's version: a worker that never changes is never reinstalled, so a new build's lazily
 * loaded chunks would reach the cache only once fetched online, and a device offline after an update could not
 * open a section it had not visited.
 */
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
      const template = readFileSync(SERVICE_WORKER, 'utf8');
      const version = createHash('sha256').update(template).update(JSON.stringify(files)).digest('hex').slice(0, 16);
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: template.replace('__TRELLIS_BUILD__', version) });
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [svelte(), appShellManifest()],
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
