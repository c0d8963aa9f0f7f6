/**
 * A 64-bit hash of a string as 16 hex digits, for cache file names whose entries name their own key
 * (a collision is a cache miss, never a wrong answer). Pure JavaScript: node:crypto costs a command
 * ~4 ms to load.
 */
export function shortHash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 13);
  }
  return (a >>> 0).toString(16).padStart(8, "0") + (b >>> 0).toString(16).padStart(8, "0");
}
