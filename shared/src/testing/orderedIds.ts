import type { RandomBytes } from '../ids.ts';

/**
 * A random source whose record ids sort in the reverse of the order they are made ('z…', 'y…', … 'A…'; 52 at
 * most): a list that should follow another order (time, priority) and is left in the collection's id order, or
 * sorted by a comparator that says nothing, shows it, whatever ids chance would have given.
 */
export function descendingIds(): RandomBytes {
  let next = 51;
  return (length) => {
    if (next < 0) throw new Error('descendingIds: more than 52 ids');
    // The same byte throughout: the id's first character is the alphabet's letter number `next` (A–Z, a–z).
    return new Uint8Array(length).fill(next-- << 2);
  };
}
