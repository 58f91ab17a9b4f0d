import type { IncomingMessage } from 'node:http';
import { BlockList, isIPv4, isIPv6 } from 'node:net';

/**
 * Who a request comes from, for the per-address limits: the peer's address, or, when the peer is a
 * proxy named in TRUST_PROXY, the address that proxy forwarded in X-Forwarded-For.
 */
export class ClientAddresses {
  private readonly trusted = new BlockList();
  private readonly any: boolean;

  /** `trustProxy`: addresses and CIDR ranges (`10.0.0.0/8`, `::1`), comma-separated or as a list. */
  constructor(trustProxy: string | readonly string[] = []) {
    const entries = (typeof trustProxy === 'string' ? trustProxy.split(',') : trustProxy)
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
    for (const entry of entries) addTrusted(this.trusted, entry);
    this.any = entries.length > 0;
  }

  /**
   * The client's address. X-Forwarded-For is read only when the peer is trusted, from the right
   * (each proxy appends the address it saw): the first entry that is not itself a trusted proxy is
   * the client. Entries left of it were written by the client and are never believed. An entry that
   * is not an address ends the walk at the last trusted hop.
   */
  of(request: IncomingMessage): string {
    const peer = plainAddress(request.socket.remoteAddress ?? '') ?? 'unknown';
    if (!this.any || !this.isTrusted(peer)) return peer;
    const header = request.headers['x-forwarded-for'];
    if (typeof header !== 'string') return peer;
    let client = peer;
    const hops = header.split(',');
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = plainAddress(hops[i]!);
      if (hop === null) break;
      client = hop;
      if (!this.isTrusted(hop)) break;
    }
    return client;
  }

  private isTrusted(address: string): boolean {
    return this.trusted.check(address, isIPv4(address) ? 'ipv4' : 'ipv6');
  }
}

/**
 * Networks a per-network limit remembers at once (AuthFailures, CreationLimit); past it the
 * forgettable go first, then the oldest.
 */
export const MAX_NETWORKS = 100_000;

/**
 * The network an address belongs to, as the per-address limits count it: IPv4 by /24, IPv6 by /64
 * (one host or one site usually holds a whole /64, and IPv4 hosts often several addresses of one /24).
 */
export function networkOf(address: string): string {
  if (isIPv4(address)) return address.split('.').slice(0, 3).join('.') + '.0/24';
  if (!isIPv6(address)) return address;
  return expandIPv6(address).slice(0, 4).join(':') + '::/64';
}

/** An address as `a.b.c.d` or a bare IPv6 address: brackets, a port and the IPv4-mapped prefix removed; null if none. */
export function plainAddress(text: string): string | null {
  let value = text.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) value = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(':'));
  const zone = value.indexOf('%');
  if (zone >= 0) value = value.slice(0, zone);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(value);
  if (mapped) value = mapped[1]!;
  if (isIPv4(value)) return value;
  if (isIPv6(value)) return value.toLowerCase();
  return null;
}

function addTrusted(list: BlockList, entry: string): void {
  const slash = entry.indexOf('/');
  const address = plainAddress(slash >= 0 ? entry.slice(0, slash) : entry);
  if (address === null) throw new Error(`TRUST_PROXY: ${JSON.stringify(entry)} is not an address or a CIDR range`);
  const type = isIPv4(address) ? 'ipv4' : 'ipv6';
  if (slash < 0) {
    list.addAddress(address, type);
    return;
  }
  const prefix = Number(entry.slice(slash + 1));
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > (type === 'ipv4' ? 32 : 128)) {
    throw new Error(`TRUST_PROXY: ${JSON.stringify(entry)} has no valid prefix length`);
  }
  list.addSubnet(address, prefix, type);
}

/** Eight 4-digit groups. */
function expandIPv6(address: string): string[] {
  let text = address.toLowerCase();
  // A trailing dotted quad (::1.2.3.4) is two groups.
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number];
    text = text.slice(0, quad.index) + ((a << 8) | b).toString(16) + ':' + ((c << 8) | d).toString(16);
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const left = head ? head.split(':') : [];
  const right = tail === undefined ? [] : tail ? tail.split(':') : [];
  const missing = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array<string>(missing).fill('0'), ...right].map((group) => group.padStart(4, '0'));
}
