/**
 * A simple randomness estimate for secrets someone else made (an app registering an alliance it
 * made offline): the string's length times the empirical Shannon entropy of its characters, in
 * bits. It refuses the obvious mistakes (`a` × 22 scores 0, `ab` × 11 scores 22) and is not a
 * proof of randomness: a secret that passes is not thereby random, only not visibly patterned.
 */
export function secretEntropyScore(secret: string): number {
  if (secret.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const char of secret) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bitsPerChar = 0;
  for (const count of counts.values()) {
    const p = count / secret.length;
    bitsPerChar -= p * Math.log2(p);
  }
  return secret.length * bitsPerChar;
}
