import { isDeepStrictEqual } from 'node:util';
import { seqOfDocument } from '../support/log-events';
import type { WrittenEvent } from '../support/pod-log-generator';
import type { StoredDoc } from './logs-elasticsearch';

/** What is wrong with the stored document of a written event (empty: nothing). */
export function fieldProblems(doc: StoredDoc, written: WrittenEvent): string[] {
  const { event } = written;
  const { expected } = event;
  const s = doc.source;
  const problems: string[] = [];
  const expect = (what: string, actual: unknown, wanted: unknown) => {
    if (!isDeepStrictEqual(actual, wanted)) {
      const shown = (v: unknown) => JSON.stringify(v)?.slice(0, 200);
      problems.push(
        `${event.seq} (${event.kind}, ${written.format}): ${what} is ${shown(actual)}, not ${shown(wanted)}`,
      );
    }
  };
  expect('kubernetes.namespace', s.kubernetes?.namespace, written.namespace);
  expect('kubernetes.pod.name', s.kubernetes?.pod?.name, written.pod);
  expect('kubernetes.pod.uid', s.kubernetes?.pod?.uid, written.uid);
  expect('kubernetes.container.name', s.kubernetes?.container?.name, written.container);
  expect('kubernetes.node.name', s.kubernetes?.node?.name, 'e2e-node');
  expect('stream', s.stream, event.stream);
  expect('message', s.message, expected.message);
  expect('_id', doc.id, s.event.id);
  expect('has event.template_id', typeof s.event.template_id, 'string');
  if (expected.level !== undefined) expect('log.level', s.log?.level, expected.level);
  for (const [key, value] of Object.entries(expected.attributes ?? {})) {
    expect(`attributes.${key}`, s.attributes?.[key], value);
  }
  for (const flag of expected.flags ?? []) expect(`has flag ${flag}`, s.log?.flags?.includes(flag as never), true);
  if (expected.secrets !== undefined) {
    const text = JSON.stringify(s);
    for (const secret of expected.secrets) expect(`secret ${secret} present`, text.includes(secret), false);
    expect('tagged redacted', s.tags?.includes('redacted'), true);
  }
  return problems;
}

/** Field problems of every written event that has exactly one stored document. */
export function allFieldProblems(docs: readonly StoredDoc[], written: readonly WrittenEvent[]): string[] {
  const bySeq = new Map<string, StoredDoc[]>();
  for (const doc of docs) {
    const seq = seqOfDocument(doc.source);
    if (seq !== undefined) bySeq.set(seq, [...(bySeq.get(seq) ?? []), doc]);
  }
  return written.flatMap((w) => {
    const found = bySeq.get(w.event.seq);
    return found?.length === 1 ? fieldProblems(found[0]!, w) : [];
  });
}
