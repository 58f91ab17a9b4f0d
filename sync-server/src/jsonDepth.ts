const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/**
 * Whether JSON text (UTF-8 bytes) nests arrays and objects at most `maxDepth` deep, counted in one
 * loop before anything parses it: parsing or re-serializing a deeper value recurses once per level
 * and can overflow the stack. Brackets inside strings do not count (none of these bytes occurs
 * inside a multi-byte UTF-8 character). A closer with nothing open is refused: it is not JSON.
 */
export function jsonNestsWithin(json: Uint8Array, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const byte = json[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_BRACKET || byte === OPEN_BRACE) {
      depth++;
      if (depth > maxDepth) return false;
    } else if (byte === CLOSE_BRACKET || byte === CLOSE_BRACE) {
      depth--;
      if (depth < 0) return false;
    }
  }
  return true;
}
