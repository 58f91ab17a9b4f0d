/** How long a chosen command waits for its screen (an alliance opening from IndexedDB) before giving up. */
const PATIENCE_MS = 4000;

/**
 * Focuses the element with this id once it is on screen, or the main region when there is none: after a jump the
 * keyboard starts where the work is, not at the top of the page. A form behind a disclosure button (the button's
 * aria-controls names `formId`) is opened first, as a click on the button would.
 */
export function focusWhenShown(doc: Document, id: string | null, formId: string | null = null): void {
  const started = performance.now();
  let opened = false;
  const attempt = () => {
    const target = id === null ? null : doc.getElementById(id);
    if (target) {
      target.focus();
      target.scrollIntoView({ block: 'center' });
      return;
    }
    if (id === null || performance.now() - started > PATIENCE_MS) {
      doc.getElementById('main')?.focus();
      return;
    }
    const opener = formId === null || opened ? null : doc.querySelector<HTMLElement>(`[aria-controls="${CSS.escape(formId)}"][aria-expanded="false"]`);
    if (opener) {
      opened = true;
      opener.click();
    }
    requestAnimationFrame(attempt);
  };
  requestAnimationFrame(attempt);
}
