import type { Cluster } from './drain-tree';
import { WILDCARD } from './masking';

/**
 * Clusters that agree with a message everywhere except at one constant position, grouped by that position. Such
 * siblings are the same event with a variable word (a service name, a device) that masking could not recognise.
 */
export function siblingsByPosition(candidates: readonly Cluster[], tokens: readonly string[]): Map<number, Cluster[]> {
  const byPosition = new Map<number, Cluster[]>();
  for (const cluster of candidates) {
    const position = soleDifference(cluster.tokens, tokens);
    if (position < 0) continue;
    let list = byPosition.get(position);
    if (list === undefined) {
      list = [];
      byPosition.set(position, list);
    }
    list.push(cluster);
  }
  return byPosition;
}

/** The one position where a template constant differs from the message, or -1 (none, several, or no agreement). */
function soleDifference(template: readonly string[], tokens: readonly string[]): number {
  let position = -1;
  let agreeing = 0;
  for (let i = 0; i < template.length; i++) {
    const t = template[i] as string;
    if (t === WILDCARD) continue;
    if (t === tokens[i]) {
      agreeing++;
      continue;
    }
    if (position >= 0) return -1;
    position = i;
  }
  return agreeing > 0 ? position : -1;
}

const DOTTED_NAME = /\w\.\w/;
const WORD_CHAR = /[A-Za-z0-9]/;

/**
 * How a token at a differing position reads: a bare value (`<*>` or an empty "()" with punctuation only), a value
 * with a label around it ("LOCAL(<*>)"), a dotted name (host, key, class), or a plain word.
 */
export function tokenShape(token: string): 'value' | 'labelled' | 'dotted' | 'word' {
  const residue = token.split(WILDCARD).join('');
  if (!WORD_CHAR.test(residue)) return 'value';
  if (residue.length !== token.length) return 'labelled';
  return DOTTED_NAME.test(token) ? 'dotted' : 'word';
}

/**
 * Siblings are one value written different ways when the differing tokens are one key with different values
 * ("user=root" / "user=admin"), or when none is a plain word and one is a bare value or a dotted name ("<*>," /
 * "LOCAL(<*>),"). Labelled values alone ("dcbf...<*>" / "icbi...<*>") are not enough: their labels are words.
 */
function differAsValues(differing: readonly string[]): boolean {
  if (sameKey(differing)) return true;
  const shapes = differing.map(tokenShape);
  return !shapes.includes('word') && (shapes.includes('value') || shapes.includes('dotted'));
}

/** "user=root" / "user=admin": the same key with different values. */
function sameKey(differing: readonly string[]): boolean {
  const first = differing[0] as string;
  const end = first.indexOf('=');
  if (end <= 0) return false;
  const key = first.slice(0, end + 1);
  return differing.every((token) => token.startsWith(key));
}

/**
 * The largest sibling group that is ready to merge with the message, or undefined. A value written different ways
 * merges at once; a plain word merges only once it has taken `minWordValues` distinct values, since a few words at
 * one place are usually distinct events ("VM Started" / "VM Stopped") and many are a variable (user names).
 */
export function mergeableSiblings(
  candidates: readonly Cluster[],
  tokens: readonly string[],
  minWordValues: number,
): Cluster[] | undefined {
  let chosen: Cluster[] | undefined;
  for (const [position, siblings] of siblingsByPosition(candidates, tokens)) {
    const differing = [tokens[position] as string, ...siblings.map((s) => s.tokens[position] as string)];
    const needed = differAsValues(differing) ? 2 : minWordValues;
    if (siblings.length + 1 >= needed && (chosen === undefined || siblings.length > chosen.length)) chosen = siblings;
  }
  return chosen;
}
