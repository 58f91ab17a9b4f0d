import { describe, expect, it } from 'vitest';
import { outdatedTimeout } from 'y-protocols/awareness';
import { DEFAULT_PRESENCE_LIMITS } from '@trellis/shared';
import { encodePresenceUpdate, type PresenceEntry } from './presence.ts';
import { PresenceBoard, type PresenceLimits } from './presenceBoard.ts';

const LIMITS: PresenceLimits = { ...DEFAULT_PRESENCE_LIMITS };

interface Socket {
  name: string;
}

function setup(limits: PresenceLimits = LIMITS) {
  let now = 1_000_000;
  const board = new PresenceBoard<Socket>(() => now);
  const send = (from: Socket, ...entries: Array<[clientId: number, clock: number, state: unknown]>) =>
    board.receive(
      from,
      encodePresenceUpdate(entries.map(([clientId, clock, state]) => ({ clientId, clock, stateJson: JSON.stringify(state) }))),
      limits,
    );
  return {
    board,
    send,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const accepted = (receipt: ReturnType<ReturnType<typeof setup>['send']>): PresenceEntry[] => {
  if (!receipt.ok) throw new Error(receipt.reason);
  return receipt.accepted;
};

describe('the presence board', () => {
  it('PRESENCE-8 a newer clock wins, an older or equal one is dropped, a null removes (y-protocols rules)', () => {
    const { board, send } = setup();
    const ada: Socket = { name: 'ada' };
    expect(accepted(send(ada, [1, 1, { name: 'Ada' }]))).toEqual([{ clientId: 1, clock: 1, stateJson: '{"name":"Ada"}' }]);
    expect(accepted(send(ada, [1, 1, { name: 'Ada again' }]))).toEqual([]);
    expect(accepted(send(ada, [1, 3, { name: 'Ada 3' }]))).toHaveLength(1);
    expect(accepted(send(ada, [1, 2, { name: 'Ada 2' }]))).toEqual([]);
    expect(board.states()).toEqual([{ clientId: 1, clock: 3, stateJson: '{"name":"Ada 3"}' }]);
    // A removal at the same clock removes a live state; a second one changes nothing.
    expect(accepted(send(ada, [1, 3, null]))).toEqual([{ clientId: 1, clock: 3, stateJson: 'null' }]);
    expect(accepted(send(ada, [1, 3, null]))).toEqual([]);
    expect(board.states()).toEqual([]);
    // A clock-0 state of an unknown id is not newer than nothing (y-protocols ignores it too).
    expect(accepted(send(ada, [2, 0, {}]))).toEqual([]);
  });

  it('PRESENCE-8 keeps and relays the text it was sent, never a re-serialization', () => {
    const { board, send } = setup();
    const text = '{ "name" : "Ada",  "n": 1.50 }';
    const receipt = board.receive({ name: 'ada' }, encodePresenceUpdate([{ clientId: 1, clock: 1, stateJson: text }]), LIMITS);
    expect(accepted(receipt)[0]!.stateJson).toBe(text);
    expect(board.states()[0]!.stateJson).toBe(text);
    expect(accepted(send({ name: 'ada' }, [9, 1, {}]))).toHaveLength(1); // another socket: its own id
  });

  it("HOSTILE-10 entries for an id another live socket owns are dropped; the owner's state stands", () => {
    const { board, send } = setup();
    const ada: Socket = { name: 'ada' };
    const mallory: Socket = { name: 'mallory' };
    send(ada, [1, 1, { name: 'Ada' }]);
    // The impostor's entry for Ada's id, even at a higher clock, and its own id in the same frame.
    expect(accepted(send(mallory, [1, 9, { name: 'Mallory as Ada' }], [2, 1, { name: 'Mallory' }]))).toEqual([
      { clientId: 2, clock: 1, stateJson: '{"name":"Mallory"}' },
    ]);
    expect(accepted(send(mallory, [1, 10, null]))).toEqual([]);
    expect(board.states().map((s) => s.stateJson)).toEqual(['{"name":"Ada"}', '{"name":"Mallory"}']);
  });

  it('PRESENCE-8 a socket that leaves has its live states removed at their clocks; late echoes do not revive them', () => {
    const { board, send, advance } = setup();
    const ada: Socket = { name: 'ada' };
    const bob: Socket = { name: 'bob' };
    send(ada, [1, 4, { name: 'Ada' }], [2, 1, { name: 'Ada, second tab' }]);
    send(ada, [2, 2, null]);
    send(bob, [3, 1, { name: 'Bob' }]);
    // Only the live state needs a removal.
    expect(board.leave(ada)).toEqual([{ clientId: 1, clock: 4, stateJson: 'null' }]);
    expect(board.leave(ada)).toEqual([]);
    expect(board.states().map((s) => s.clientId)).toEqual([3]);
    // Bob's stock client echoes Ada's last state and her removal: neither claims her id.
    expect(accepted(send(bob, [1, 4, { name: 'Ada' }], [1, 4, null]))).toEqual([]);
    expect(board.states().map((s) => s.clientId)).toEqual([3]);
    // Ada back on a new socket: shown again from her next clock.
    const adaAgain: Socket = { name: 'ada again' };
    expect(accepted(send(adaAgain, [1, 4, { name: 'Ada' }]))).toEqual([]);
    expect(accepted(send(adaAgain, [1, 5, { name: 'Ada' }]))).toHaveLength(1);
    // Once no peer can still hold a departed state, its id is forgotten.
    board.leave(adaAgain);
    advance(outdatedTimeout + 1);
    expect(accepted(send({ name: 'carol' }, [1, 1, { name: 'Carol' }]))).toHaveLength(1);
  });

  it('PRESENCE-8 states not renewed within the outdated timeout are not answered to a query', () => {
    const { board, send, advance } = setup();
    const ada: Socket = { name: 'ada' };
    send(ada, [1, 1, { name: 'Ada' }]);
    send({ name: 'bob' }, [2, 1, { name: 'Bob' }]);
    advance(outdatedTimeout / 2);
    send(ada, [1, 2, { name: 'Ada' }]); // her renewal
    advance(outdatedTimeout / 2 + 1);
    expect(board.states().map((s) => s.clientId)).toEqual([1]);
  });

  it('PRESENCE-5 a socket speaks for at most 8 client ids; entries for more are dropped, in one frame or many', () => {
    const { board, send } = setup();
    const many: Socket = { name: 'many' };
    send({ name: 'observer' }, [1, 1, {}]); // two sockets: a frame may carry 16 entries
    const nine = Array.from({ length: 9 }, (_, i): [number, number, unknown] => [100 + i, 1, { i }]);
    expect(accepted(send(many, ...nine)).map((e) => e.clientId)).toEqual([100, 101, 102, 103, 104, 105, 106, 107]);
    expect(accepted(send(many, [200, 1, {}]))).toEqual([]);
    // Its own ids still renew, and removing a state does not free its id.
    expect(accepted(send(many, [100, 2, null], [101, 2, {}]))).toHaveLength(2);
    expect(accepted(send(many, [201, 1, {}]))).toEqual([]);
    expect(board.states()).toHaveLength(8);
    // The id it could not take is free for another socket.
    expect(accepted(send({ name: 'other' }, [108, 1, {}]))).toHaveLength(1);
  });

  it('PRESENCE-6 a frame carries at most 8 entries per socket present at the busiest: more is malformed', () => {
    const { board, send } = setup();
    const sockets = Array.from({ length: 3 }, (_, i): Socket => ({ name: `s${i}` }));
    sockets.forEach((socket, i) => send(socket, [i + 1, 1, {}]));
    // An honest echo of everyone's states passes; one entry past 3 x 8 does not.
    const echo = Array.from({ length: 24 }, (_, i): [number, number, unknown] => [i + 1, 1, {}]);
    expect(send(sockets[0]!, ...echo).ok).toBe(true);
    expect(send(sockets[0]!, ...echo, [25, 1, {}])).toEqual({ ok: false, refusal: 'malformed', reason: 'more than 24 entries' });
    // Sockets that left still count: an echo of what they had may be on its way.
    board.leave(sockets[1]!);
    board.leave(sockets[2]!);
    expect(send(sockets[0]!, ...echo).ok).toBe(true);
  });

  it('PRESENCE-4 a state over the bounds refuses the frame, even beside states it keeps; nothing of it is applied', () => {
    const { board, send } = setup();
    const ada: Socket = { name: 'ada' };
    const deep = JSON.parse('['.repeat(33) + ']'.repeat(33)) as unknown;
    expect(send(ada, [1, 1, { name: 'Ada' }], [2, 1, { deep }])).toEqual({
      ok: false,
      refusal: 'malformed',
      reason: 'a state nested over 32 deep',
    });
    expect(send(ada, [1, 1, { pad: 'x'.repeat(8192) }]).ok).toBe(false);
    expect(board.states()).toEqual([]);
  });

  it('PRESENCE-10 a frame with nothing of its own is a free echo only while the socket owes one', () => {
    const { board, send } = setup();
    const ada: Socket = { name: 'ada' };
    const bob: Socket = { name: 'bob' };
    send(ada, [1, 1, { name: 'Ada' }]);
    expect(send(bob, [1, 1, { name: 'Ada' }])).toEqual({ ok: true, accepted: [], echo: false });
    board.relayedTo(bob);
    board.relayedTo(bob);
    expect(send(bob, [1, 1, { name: 'Ada' }])).toEqual({ ok: true, accepted: [], echo: true });
    expect(send(bob, [1, 1, null])).toEqual({ ok: true, accepted: [], echo: true });
    expect(send(bob, [1, 1, { name: 'Ada' }])).toEqual({ ok: true, accepted: [], echo: false });
    // Its own state is never an echo; a socket that leaves owes nothing.
    board.relayedTo(bob);
    expect(send(bob, [2, 1, { name: 'Bob' }])).toMatchObject({ ok: true, echo: false });
    board.leave(bob);
    expect(send(bob, [1, 1, { name: 'Ada' }])).toEqual({ ok: true, accepted: [], echo: false });
    // However many were relayed to it, as many echoes are free; none more.
    for (let i = 0; i < 5000; i++) board.relayedTo(ada);
    let free = 0;
    while ((send(ada, [3, 1, null]) as { echo?: boolean }).echo) free += 1;
    expect(free).toBe(5000);
  });

  it('PRESENCE-7 what a socket gets relayed is rate-limited in frames and in bytes; echoes cost nothing', () => {
    const { send, advance } = setup();
    const ada: Socket = { name: 'ada' };
    const bob: Socket = { name: 'bob' };
    send(bob, [2, 1, { name: 'Bob' }]);
    for (let clock = 1; clock <= LIMITS.presenceRateBurst; clock++) expect(send(ada, [1, clock, { clock }]).ok).toBe(true);
    // Echoes of another socket's state, dropped unread, are not counted.
    for (let i = 0; i < 1000; i++) expect(send(ada, [2, 1, { name: 'Bob' }]).ok).toBe(true);
    expect(send(ada, [1, 10_000, {}])).toEqual({ ok: false, refusal: 'tooFast', reason: 'over the presence rate limit' });
    advance(1000);
    for (let i = 0; i < LIMITS.presenceRatePerSecond; i++) expect(send(ada, [1, 20_000 + i, {}]).ok).toBe(true);
    expect(send(ada, [1, 30_000, {}]).ok).toBe(false);

    // Bytes: 8 KiB states, 8 to a frame, exhaust the byte bucket long before the frame bucket.
    const big = { pad: 'x'.repeat(8000) };
    const carol: Socket = { name: 'carol' };
    const frame = (clock: number) => Array.from({ length: 8 }, (_, i): [number, number, unknown] => [300 + i, clock, big]);
    const fits = Math.floor(LIMITS.presenceBytesBurst / (8 * JSON.stringify(big).length));
    for (let clock = 1; clock <= fits; clock++) expect(send(carol, ...frame(clock)).ok).toBe(true);
    expect(send(carol, ...frame(fits + 1))).toMatchObject({ ok: false, refusal: 'tooFast' });
  });
});
