import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_RULES } from '../rules/builtin';
import { Redactor } from '../redactor';

interface CorpusLine {
  line: string;
  /** The exact secret substrings; empty for a look-alike that must come out unchanged. */
  secrets: string[];
}

const corpus = readFileSync(join(__dirname, 'corpus.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as CorpusLine);

/**
 * Recall: labelled secrets no longer in the output. Precision: redactions that removed (part of) a labelled secret,
 * out of all redactions; every redaction on a look-alike line is a false positive.
 */
function score(redactor: Redactor) {
  let secrets = 0;
  let found = 0;
  let redactions = 0;
  let correct = 0;
  const missed: string[] = [];
  const wrong: string[] = [];
  const rules = new Set<string>();
  for (const { line, secrets: labelled } of corpus) {
    const removed: string[] = [];
    const output = redactor.redactText(line, (rule, secret) => {
      rules.add(rule);
      removed.push(secret);
    });
    for (const secret of labelled) {
      secrets++;
      if (output.includes(secret)) missed.push(`${secret} in: ${line}`);
      else found++;
    }
    for (const text of removed) {
      redactions++;
      if (labelled.some((s) => s.includes(text) || text.includes(s))) correct++;
      else wrong.push(`${text} in: ${line}`);
    }
  }
  return { secrets, recall: found / secrets, precision: correct / redactions, redactions, missed, wrong, rules };
}

describe('redaction quality corpus', () => {
  it('holds at least 200 labelled lines, about half with secrets', () => {
    const withSecrets = corpus.filter((c) => c.secrets.length > 0).length;
    expect(corpus.length).toBeGreaterThanOrEqual(200);
    expect(withSecrets).toBeGreaterThanOrEqual(100);
    expect(corpus.length - withSecrets).toBeGreaterThanOrEqual(100);
  });

  it('finds every secret (recall 1.0) with precision of at least 0.98', () => {
    const result = score(new Redactor(BUILTIN_RULES, '[REDACTED]'));
    console.log(
      `redact corpus: ${corpus.length} lines, ${result.secrets} secrets, ${result.redactions} redactions, ` +
        `recall ${result.recall.toFixed(4)}, precision ${result.precision.toFixed(4)}` +
        (result.wrong.length > 0 ? `; false positives: ${result.wrong.join(' | ')}` : ''),
    );
    expect(result.missed).toEqual([]);
    expect(result.recall).toBe(1);
    expect(result.precision).toBeGreaterThanOrEqual(0.98);
    // Secrets of every supported kind are in the corpus.
    expect([...result.rules].sort()).toEqual(BUILTIN_RULES.map((r) => r.name).sort());
  });
});
