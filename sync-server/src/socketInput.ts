import type { IncomingMessage } from 'node:http';
import type { RawData } from 'ws';
import { SUBPROTOCOL } from '@trellis/shared';

/** What a socket brings: its secret (from the upgrade request) and its frames' bytes. */
/** The secret: second subprotocol value after `trellis`, else `?token=`. Never logged. */
export function secretOf(request: IncomingMessage): string | null {
  const offered = request.headers['sec-websocket-protocol'];
  if (typeof offered === 'string') {
    const values = offered.split(',').map((value) => value.trim());
    if (values[0] === SUBPROTOCOL && values[1]) return values[1];
  }
  const query = (request.url ?? '').split('?')[1];
  if (!query) return null;
  const token = new URLSearchParams(query).get('token');
  return token || null;
}

/** A frame's bytes, whichever form ws delivered them in. */
export function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}
