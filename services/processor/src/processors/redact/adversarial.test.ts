import { Redactor } from './redactor';
import { BUILTIN_RULES } from './rules/builtin';

const MIB = 1 << 20;
const fill = (unit: string) => unit.repeat(Math.ceil(MIB / unit.length)).slice(0, MIB);
const redactor = new Redactor(BUILTIN_RULES, '[REDACTED]');

/**
 * 1 MiB lines built to make backtracking regexes blow up (a prefix repeated without the rest of the pattern, runs of
 * the characters a quantifier eats): with a linear-time rule set each finishes in milliseconds; a catastrophic
 * pattern would not finish at all. The assertions check the outcome; speed is not asserted here.
 */
describe('redaction of adversarial 1 MiB lines', () => {
  it.each([
    { name: 'JWT headers without dots', line: fill('eyJ'), hits: 0 },
    { name: 'URL userinfo without @', line: `://${fill('a:b')}`, hits: 0 },
    { name: 'BEGIN lines without END', line: fill('-----BEGIN PRIVATE KEY-----'), hits: 1 },
    { name: 'a secret-word run without separator', line: fill('a_password_'), hits: 0 },
    { name: 'quoted values longer than the bound', line: fill(`password="${'x'.repeat(5000)}`), hits: 0 },
    { name: 'digit groups that are no card', line: fill('4111 '), hits: 0 },
    { name: 'key prefixes without a key', line: fill('AKIA ghp_ xoxb bearer AIza aws_secret_access_key '), hits: 0 },
  ])('$name', ({ line, hits }) => {
    let count = 0;
    const out = redactor.redactText(line, () => count++);
    expect(count).toBe(hits);
    if (hits === 0) expect(out).toBe(line);
    else expect(out.length).toBeLessThan(line.length);
  });
});
