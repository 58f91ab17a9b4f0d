/**
 * Focus for what appears in place of the control that opened it (an inline editor, a confirmation): a keyboard or
 * screen-reader user lands in it, rather than on the page's body once the opener is gone.
 */
export function takesFocus(node: HTMLElement): void {
  node.focus();
}

/** Focus back on the control with this id once it is drawn again (an inline editor or confirmation has closed). */
export function focusAgain(id: string): void {
  requestAnimationFrame(() => document.getElementById(id)?.focus());
}
