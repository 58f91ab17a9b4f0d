import type { UpdateOutline } from './updateFormat.ts';

/**
 * Whether Yjs can integrate all of an update now, decided from its outline and the document's
 * state vector, before the document sees it. Yjs keeps whatever it cannot integrate (a struct whose
 * clock leaves a gap, or that needs another client's struct the document lacks; a deletion of clocks
 * it does not have) as "pending" inside the document, retried on every later update and re-encoded
 * into every snapshot: unbounded memory and work a link holder controls, and state that no client
 * has. The room therefore applies an update only when this says it is ready, and holds the others
 * (a few, briefly) until what they build on arrives.
 */

/** Not ready: it waits until the document holds clock `clock` of `client` (at least). */
export type Readiness = { ready: true } | { ready: false; waitsFor: number; clock: number };

interface Blocked {
  section: number;
  clock: number;
}

/**
 * Simulates Yjs's integration: a client's structs go in clock order, each once its clock continues
 * the client's state and every other client's id it needs is present; a section that must wait is
 * parked on the id it needs and woken when that client's state passes it, so the cost is linear in
 * the structs however the dependencies are ordered. Like Yjs, a struct the document already holds
 * must still have what it names present (Yjs checks before it skips it, and keeps it pending if
 * not). `stateOf(client)` is the document's next clock for that client.
 */
export function updateReadiness(outline: UpdateOutline, stateOf: (client: number) => number): Readiness {
  return new Simulation(outline, stateOf).run();
}

/**
 * One run of the simulation. Methods rather than closures: this runs for every update, and the
 * relay runs under tsx, whose transform names every closure it creates with a defineProperty
 * call; for three closures per update that was most of this function's cost.
 */
class Simulation {
  /** The simulated state of each client looked at: its next clock. */
  private readonly known = new Map<number, number>();
  /** Per client, the sections parked on it, as a min-heap on the clock each waits for. */
  private readonly waiting = new Map<number, Blocked[]>();
  private readonly ready: number[] = [];
  private lastBlock: { client: number; clock: number } = { client: 0, clock: 0 };

  constructor(
    private readonly outline: UpdateOutline,
    private readonly stateOf: (client: number) => number,
  ) {}

  run(): Readiness {
    const sections = this.outline.clients;
    const next = new Array<number>(sections.length).fill(0);
    for (let i = 0; i < sections.length; i++) this.ready.push(i);
    while (this.ready.length > 0) {
      const s = this.ready.pop()!;
      const { client, structs } = sections[s]!;
      let i = next[s]!;
      let parkedOn: { client: number; clock: number } | null = null;
      for (; i < structs.length; i++) {
        const struct = structs[i]!;
        const state = this.clock(client);
        const end = struct.clock + struct.length;
        if (end > state && (struct.clock > state || struct.kind === 'skip')) {
          // A gap before it, or a range the update does not carry: it waits for them to arrive.
          parkedOn = { client, clock: struct.kind === 'skip' ? end - 1 : struct.clock - 1 };
          break;
        }
        for (let n = 0; n < struct.needs.length; n += 2) {
          if (struct.needs[n + 1]! >= this.clock(struct.needs[n]!)) {
            parkedOn = { client: struct.needs[n]!, clock: struct.needs[n + 1]! };
            break;
          }
        }
        if (parkedOn) break;
        if (end > state) {
          this.known.set(client, end);
          this.wake(client, end);
        }
      }
      next[s] = i;
      if (parkedOn) this.park(s, parkedOn.client, parkedOn.clock);
    }
    if (this.waiting.size > 0) return { ready: false, waitsFor: this.lastBlock.client, clock: this.lastBlock.clock };
    for (const range of this.outline.deletes) {
      const last = range.clock + range.length - 1;
      if (last >= this.clock(range.client)) return { ready: false, waitsFor: range.client, clock: last };
    }
    return { ready: true };
  }

  private clock(client: number): number {
    let value = this.known.get(client);
    if (value === undefined) {
      value = this.stateOf(client);
      this.known.set(client, value);
    }
    return value;
  }

  private park(section: number, client: number, at: number): void {
    let heap = this.waiting.get(client);
    if (!heap) this.waiting.set(client, (heap = []));
    heapPush(heap, { section, clock: at });
    this.lastBlock = { client, clock: at };
  }

  /** The client's state moved to `state`: the sections waiting for a clock below it run again. */
  private wake(client: number, state: number): void {
    const heap = this.waiting.get(client);
    if (!heap) return;
    while (heap.length > 0 && heap[0]!.clock < state) this.ready.push(heapPop(heap).section);
    if (heap.length === 0) this.waiting.delete(client);
  }
}

function heapPush(heap: Blocked[], item: Blocked): void {
  heap.push(item);
  for (let i = heap.length - 1; i > 0; ) {
    const parent = (i - 1) >> 1;
    if (heap[parent]!.clock <= heap[i]!.clock) break;
    [heap[parent], heap[i]] = [heap[i]!, heap[parent]!];
    i = parent;
  }
}

function heapPop(heap: Blocked[]): Blocked {
  const top = heap[0]!;
  const last = heap.pop()!;
  if (heap.length > 0) {
    heap[0] = last;
    for (let i = 0; ; ) {
      const left = 2 * i + 1;
      const right = left + 1;
      let least = i;
      if (left < heap.length && heap[left]!.clock < heap[least]!.clock) least = left;
      if (right < heap.length && heap[right]!.clock < heap[least]!.clock) least = right;
      if (least === i) break;
      [heap[least], heap[i]] = [heap[i]!, heap[least]!];
      i = least;
    }
  }
  return top;
}
