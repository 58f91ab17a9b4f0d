import { describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { OfflineShell, type ServiceWorkerHost } from './offlineShell.svelte.ts';

function fakeHost(options: { failRegister?: boolean } = {}) {
  let resolveReady!: () => void;
  const listeners: (() => void)[] = [];
  const host = {
    controller: null as unknown,
    ready: new Promise<unknown>((resolve) => (resolveReady = () => resolve(undefined))),
    register: () => (options.failRegister ? Promise.reject(new Error('blocked')) : Promise.resolve(undefined)),
    addEventListener: (_type: 'controllerchange', listener: () => void) => listeners.push(listener),
  } satisfies ServiceWorkerHost & { controller: unknown };
  return {
    host,
    activate: () => resolveReady(),
    claim: () => {
      host.controller = {};
      for (const listener of listeners) listener();
    },
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('offline shell', () => {
  it('is ready only once the worker is active and controls the page', async () => {
    const fake = fakeHost();
    const shell = new OfflineShell(fake.host, true);
    fake.activate();
    await tick();
    flushSync();
    expect(shell.state).toBe('preparing');
    fake.claim();
    expect(shell.state).toBe('ready');
  });

  it('says unavailable when the browser has no service workers, in development, or when registering fails', async () => {
    expect(new OfflineShell(undefined, true).state).toBe('unavailable');
    expect(new OfflineShell(fakeHost().host, false).state).toBe('unavailable');
    const failing = new OfflineShell(fakeHost({ failRegister: true }).host, true);
    await tick();
    expect(failing.state).toBe('unavailable');
  });
});
