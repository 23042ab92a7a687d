import type { RedactionRule } from './rule';

const BEGIN = /-----BEGIN ([A-Z0-9 ]{0,40})PRIVATE KEY( BLOCK)?-----/g;

/**
 * PEM and OpenSSH/PGP private key blocks, across lines (or with escaped `\n` in a JSON string): the body between the
 * armour lines is replaced, the armour stays. A block without its END line (a truncated log line) is redacted to the
 * end of the text. The END line is found with indexOf, so a text of many BEGIN lines stays linear.
 */
export const privateKey: RedactionRule = {
  name: 'private-key',
  keywords: ['private key'],
  redact(text, replacement, onSecret) {
    BEGIN.lastIndex = 0;
    let out = '';
    let last = 0;
    let changed = false;
    for (let m = BEGIN.exec(text); m !== null; m = BEGIN.exec(text)) {
      const bodyStart = m.index + m[0].length;
      const end = `-----END ${m[1] ?? ''}PRIVATE KEY${m[2] ?? ''}-----`;
      const bodyEnd = text.indexOf(end, bodyStart);
      const body = text.slice(bodyStart, bodyEnd === -1 ? text.length : bodyEnd);
      if (body.trim() === '' || body === replacement) continue;
      out += text.slice(last, bodyStart) + replacement;
      last = bodyEnd === -1 ? text.length : bodyEnd;
      changed = true;
      onSecret(body);
      if (bodyEnd === -1) break;
      BEGIN.lastIndex = bodyEnd + end.length;
    }
    return changed ? out + text.slice(last) : text;
  },
};
