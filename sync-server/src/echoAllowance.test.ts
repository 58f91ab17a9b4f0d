import { describe, expect, it } from 'vitest';
import { EchoAllowance } from './echoAllowance.ts';

describe('EchoAllowance', () => {
  it('PRESENCE-10 one echo per frame relayed, kept for one to two windows, never saved up longer', () => {
    let now = 0;
    const allowance = new EchoAllowance(30_000, () => now);
    expect(allowance.take()).toBe(false);
    for (let i = 0; i < 3000; i++) allowance.relayed();
    for (let i = 0; i < 2000; i++) expect(allowance.take()).toBe(true);
    // Into the next window: what is still owed is kept.
    now += 30_000;
    allowance.relayed();
    for (let i = 0; i < 1001; i++) expect(allowance.take()).toBe(true);
    expect(allowance.take()).toBe(false);
    // A socket that hears much and echoes nothing: after two windows its allowance is gone.
    for (let i = 0; i < 5000; i++) allowance.relayed();
    now += 60_000;
    expect(allowance.take()).toBe(false);
    for (let i = 0; i < 10; i++) allowance.relayed();
    now += 30_000;
    allowance.relayed();
    now += 30_000;
    // 10 relayed two windows ago are gone; the one relayed a window ago is still owed.
    let owed = 0;
    while (allowance.take()) owed += 1;
    expect(owed).toBe(1);
  });
});
