/**
 * Whether this page can be reopened with no network: the service worker has cached the app shell
 * (every built file, the charter editor included) and controls the page.
 */
export type OfflineReadiness = 'unavailable' | 'preparing' | 'ready';

export interface ServiceWorkerHost {
  register(url: string, options: { scope: string }): Promise<unknown>;
  readonly ready: Promise<unknown>;
  readonly controller: unknown;
  addEventListener(type: 'controllerchange', listener: () => void): void;
}

export class OfflineShell {
  state = $state<OfflineReadiness>('preparing');

  constructor(host: ServiceWorkerHost | undefined, enabled: boolean) {
    if (!host || !enabled) {
      this.state = 'unavailable';
      return;
    }
    host.register('/sw.js', { scope: '/' }).catch((error: unknown) => {
      console.warn('Offline support is unavailable:', error);
      this.state = 'unavailable';
    });
    const settle = () => {
      if (host.controller && this.state === 'preparing') this.state = 'ready';
    };
    host.addEventListener('controllerchange', settle);
    void host.ready.then(settle);
  }
}
