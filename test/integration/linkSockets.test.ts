import { describe, expect, it, vi } from 'vitest';
import { CLOSE_CODES } from '@trellis/shared';
import { closed, opened, stillServed, useRelay } from './relayHarness.ts';

describe('sockets per link (SOCKETS-1)', () => {
  const few = useRelay({ limits: { maxSocketsPerLink: 3 } });

  it('SOCKETS-1 a link holds at most maxSocketsPerLink sockets open: the next gets 1013 (retryable); a closed one makes room; other links are not counted', async () => {
    const alliance = await few.createAlliance();
    const other = await few.createLink(alliance.id, alliance.token, 'view', 'Observer');
    const connect = async (token: string) => {
      const socket = few.socket(`/sync/${alliance.id}?token=${token}`);
      await opened(socket);
      await stillServed(socket);
      return socket;
    };
    const open = [await connect(alliance.token), await connect(alliance.token), await connect(alliance.token)];
    const extra = few.socket(`/sync/${alliance.id}?token=${alliance.token}`);
    expect((await closed(extra)).code).toBe(CLOSE_CODES.tryAgainLater);
    // Another link of the same alliance has its own count.
    const observer = await connect(other.token);
    // A closed socket makes room for the next.
    const leaving = closed(open[0]!);
    open[0]!.close();
    await leaving;
    await vi.waitFor(async () => {
      const again = few.socket(`/sync/${alliance.id}?token=${alliance.token}`);
      try {
        await opened(again);
        await stillServed(again);
      } finally {
        again.close();
      }
    }, { timeout: 5_000, interval: 50 });
    for (const socket of [...open.slice(1), observer]) socket.close();
  });
});
