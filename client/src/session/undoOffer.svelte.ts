/**
 * "Undo" for a destructive action, within the session and while the method allows it: the section that acted offers
 * the reversal, the workspace shows it as a toast for a few seconds, and taking it runs the reversal once.
 */
import { DocumentError } from '@trellis/shared';

/** Long enough to read the sentence and reach the button, short enough not to linger over later work. */
export const UNDO_WINDOW_MS = 12_000;

export interface Undoable {
  /** What was done, in the method's words ("Removed the interest “Keep the Lyon depot”"). */
  message: string;
  /** The reversal; it may throw (a refusal), and the toast then says why. */
  undo: () => void;
  /** Whether the method still allows the reversal (read reactively: the offer disappears once it does not). */
  allowed?: () => boolean;
}

export class UndoOffer {
  current = $state.raw<Undoable | null>(null);
  /** Why the last undo could not be done, or null. */
  failure = $state<string | null>(null);
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly windowMs = UNDO_WINDOW_MS,
    private readonly explain: (error: unknown) => string = (e) => (e instanceof DocumentError ? e.message : 'It could not be undone.'),
  ) {}

  /** Offers the reversal of what was just done; replaces any earlier offer (only the last action is undone). */
  offer(undoable: Undoable): void {
    this.clearTimer();
    this.failure = null;
    this.current = undoable;
    this.timer = setTimeout(() => this.dismiss(), this.windowMs);
  }

  /** The offer while its reversal is still allowed (a withdrawal once someone closed the decision is not). */
  get shown(): Undoable | null {
    const offered = this.current;
    return offered && (offered.allowed?.() ?? true) ? offered : null;
  }

  /** Runs the reversal once; true when it went through. */
  take(): boolean {
    const offered = this.shown;
    this.dismiss();
    if (!offered) return false;
    try {
      offered.undo();
      return true;
    } catch (error) {
      this.failure = this.explain(error);
      return false;
    }
  }

  dismiss(): void {
    this.clearTimer();
    this.current = null;
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
