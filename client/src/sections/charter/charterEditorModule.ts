/**
 * The charter editor (Tiptap) lives in its own chunk so the portfolio and other sections stay light.
 * Starting the download as soon as the app knows the charter is wanted lets it overlap with
 * loading the alliance from IndexedDB; every later import shares this one promise.
 */
let loading: Promise<typeof import('./CharterEditor.svelte')> | null = null;

export function loadCharterEditor(): Promise<typeof import('./CharterEditor.svelte')> {
  loading ??= import('./CharterEditor.svelte');
  return loading;
}
