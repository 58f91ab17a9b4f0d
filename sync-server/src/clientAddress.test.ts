import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ClientAddresses, networkOf, plainAddress } from './clientAddress.ts';

/** Only what ClientAddresses reads of a request. */
function request(peer: string, forwardedFor?: string): IncomingMessage {
  return {
    socket: { remoteAddress: peer },
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  } as unknown as IncomingMessage;
}

describe('client addresses', () => {
  it('PROXY-1 X-Forwarded-For is read only from a trusted proxy, from the right, skipping trusted hops', () => {
    const none = new ClientAddresses();
    expect(none.of(request('203.0.113.9', '198.51.100.7'))).toBe('203.0.113.9');
    const proxies = new ClientAddresses('10.0.0.0/8, 192.0.2.1,::1');
    // From an untrusted peer the header is the client's own claim.
    expect(proxies.of(request('203.0.113.9', '198.51.100.7'))).toBe('203.0.113.9');
    expect(proxies.of(request('10.1.2.3', '198.51.100.7'))).toBe('198.51.100.7');
    expect(proxies.of(request('::ffff:192.0.2.1', '198.51.100.7'))).toBe('198.51.100.7');
    expect(proxies.of(request('::1', '2001:db8::5'))).toBe('2001:db8::5');
    // What the client wrote sits left of what the proxies appended: the rightmost untrusted hop wins.
    expect(proxies.of(request('10.1.2.3', '1.2.3.4, 198.51.100.7, 10.9.9.9'))).toBe('198.51.100.7');
    expect(proxies.of(request('10.1.2.3', 'evil, 198.51.100.7'))).toBe('198.51.100.7');
    // Ports and brackets as some proxies write them.
    expect(proxies.of(request('10.1.2.3', '198.51.100.7:4711'))).toBe('198.51.100.7');
    expect(proxies.of(request('10.1.2.3', '[2001:db8::7]:443'))).toBe('2001:db8::7');
    // No header, an empty one, garbage where the proxy's entry should be: the last trusted hop.
    expect(proxies.of(request('10.1.2.3'))).toBe('10.1.2.3');
    expect(proxies.of(request('10.1.2.3', ''))).toBe('10.1.2.3');
    expect(proxies.of(request('10.1.2.3', '198.51.100.7, nonsense'))).toBe('10.1.2.3');
    expect(proxies.of(request('10.1.2.3', '10.4.4.4'))).toBe('10.4.4.4');
    expect(() => new ClientAddresses('not-an-address')).toThrow(/TRUST_PROXY/);
    expect(() => new ClientAddresses('10.0.0.0/33')).toThrow(/TRUST_PROXY/);
  });

  it('PROXY-2 limits count IPv4 by /24 and IPv6 by /64', () => {
    expect(networkOf('203.0.113.9')).toBe('203.0.113.0/24');
    expect(networkOf('2001:db8:1:2:3:4:5:6')).toBe('2001:0db8:0001:0002::/64');
    expect(networkOf('2001:db8::1')).toBe('2001:0db8:0000:0000::/64');
    expect(networkOf('::1')).toBe('0000:0000:0000:0000::/64');
    expect(networkOf('64:ff9b::192.0.2.1')).toBe('0064:ff9b:0000:0000::/64');
    expect(plainAddress('::FFFF:127.0.0.2')).toBe('127.0.0.2');
    expect(plainAddress('fe80::1%eth0')).toBe('fe80::1');
    expect(plainAddress('1.2.3.4.5')).toBeNull();
  });
});
