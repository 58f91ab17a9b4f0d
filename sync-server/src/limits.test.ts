import { describe, expect, it } from 'vitest';
import { RELAY_DEFAULT_LIMITS, relayLimits } from './limits.ts';

describe('relay limits', () => {
  it('LIMITS-1 the send backlog stays at least twice the frame cap unless set; an undefined key keeps its default', () => {
    expect(relayLimits().maxSendBacklogBytes).toBe(32 * 1024 * 1024);
    expect(relayLimits({ maxFrameBytes: 64 * 1024 * 1024 }).maxSendBacklogBytes).toBe(128 * 1024 * 1024);
    expect(relayLimits({ maxFrameBytes: 1024 }).maxSendBacklogBytes).toBe(RELAY_DEFAULT_LIMITS.maxSendBacklogBytes);
    expect(relayLimits({ maxFrameBytes: 64 * 1024 * 1024, maxSendBacklogBytes: 5 }).maxSendBacklogBytes).toBe(5);
    expect(relayLimits({ rateBurst: 7 }).rateBurst).toBe(7);
    expect(relayLimits({ maxSendBacklogBytes: undefined, rateBurst: undefined })).toEqual(relayLimits());
  });
});
