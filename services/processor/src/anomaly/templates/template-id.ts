/**
 * A template id: 16 hex digits of two independent 32-bit FNV-1a hashes of the source and the template text. It is a
 * pure function of its inputs, so every replica and every restart that founds a template from the same masked
 * message names it the same way.
 */
export function templateId(source: string, template: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  const text = `${source}\u0001${template}`;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x01000193) ^ (b >>> 15);
  }
  return hex8(a) + hex8(b);
}

function hex8(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}
