import { TEMPLATE_SNAPSHOT_VERSION, WILDCARD, type TemplateSnapshot } from '../../anomaly/templates';

type Cluster = TemplateSnapshot['clusters'][number];
type Alias = TemplateSnapshot['aliases'][number];

export interface SnapshotMerge {
  readonly snapshot: TemplateSnapshot;
  /** The local miner lacks something of the result (restore it). */
  readonly localChanged: boolean;
  /** The stored snapshot lacks something of the result (write it). */
  readonly storedChanged: boolean;
}

const keyOf = (source: string, id: string) => `${source}\u0000${id}`;

/** Per position: the token when both agree, else the wildcard (what the miner's generalization does). */
function generalized(a: readonly string[], b: readonly string[]): string[] {
  return a.map((token, i) => (token === b[i] ? token : WILDCARD));
}

/**
 * Merges what two replicas know of the templates, so that both name every template the same.
 *
 * Invariants it relies on and keeps:
 * - an id is content-derived (source + founding text), so both sides found the same text under the same id;
 * - the same id on both sides is one template: its tokens are generalized position by position, its count is the
 *   larger one (counts are not summed: merges repeat every refresh);
 * - a sibling merge keeps the smallest id, so an alias always points to a smaller id: aliases never form a cycle, and
 *   when the sides disagree the smaller target wins. An id aliased on either side is no template of its own;
 * - one text is one template: templates of a source that end up with the same text (each replica merged other
 *   siblings into its own survivor) fold into the smallest id, the others become its aliases, as a sibling merge
 *   would have done on one replica.
 *
 * Order (least recently used first): templates only the store knows, then the local ones in local order.
 */
export function mergeSnapshots(local: TemplateSnapshot, stored: TemplateSnapshot | undefined): SnapshotMerge {
  if (stored === undefined) return { snapshot: local, localChanged: false, storedChanged: local.clusters.length > 0 };
  const aliases = new Map<string, Alias>();
  for (const alias of [...stored.aliases, ...local.aliases]) {
    if (!(alias.to < alias.from)) continue;
    const key = keyOf(alias.source, alias.from);
    const other = aliases.get(key);
    if (other === undefined || alias.to < other.to) aliases.set(key, alias);
  }
  const localByKey = new Map(local.clusters.map((c) => [keyOf(c.source, c.id), c]));
  const storedByKey = new Map(stored.clusters.map((c) => [keyOf(c.source, c.id), c]));
  let localChanged = false;
  let storedChanged = false;
  const clusters: Cluster[] = [];
  for (const c of stored.clusters) {
    const key = keyOf(c.source, c.id);
    if (aliases.has(key)) {
      if (localByKey.has(key)) localChanged = true;
      continue;
    }
    if (!localByKey.has(key)) {
      clusters.push({ ...c });
      localChanged = true;
    }
  }
  for (const c of local.clusters) {
    const key = keyOf(c.source, c.id);
    if (aliases.has(key)) {
      storedChanged ||= storedByKey.has(key);
      continue;
    }
    const other = storedByKey.get(key);
    if (other === undefined) {
      clusters.push({ ...c });
      storedChanged = true;
      continue;
    }
    if (other.template.length !== c.template.length) {
      // Only a hash collision gets here; the local template is kept.
      clusters.push({ ...c });
      continue;
    }
    const template = generalized(c.template, other.template);
    const text = template.join(' ');
    localChanged ||= text !== c.template.join(' ');
    storedChanged ||= text !== other.template.join(' ');
    clusters.push({ ...c, template, count: Math.max(c.count, other.count) });
  }
  const folded = foldSameText(clusters, aliases);
  localChanged ||= folded;
  storedChanged ||= folded;
  const storedAliasKeys = new Set(stored.aliases.map((a) => `${keyOf(a.source, a.from)}\u0000${a.to}`));
  const localAliasKeys = new Set(local.aliases.map((a) => `${keyOf(a.source, a.from)}\u0000${a.to}`));
  for (const a of aliases.values()) {
    const key = `${keyOf(a.source, a.from)}\u0000${a.to}`;
    storedChanged ||= !storedAliasKeys.has(key);
    localChanged ||= !localAliasKeys.has(key);
  }
  const snapshot: TemplateSnapshot = {
    version: TEMPLATE_SNAPSHOT_VERSION,
    clusters: clusters.filter((c) => !aliases.has(keyOf(c.source, c.id))),
    aliases: [...aliases.values()],
  };
  return { snapshot, localChanged, storedChanged };
}

/** Aliases every template to the smallest-id template of its source with the same text; true when any was folded. */
function foldSameText(clusters: Cluster[], aliases: Map<string, Alias>): boolean {
  const survivors = new Map<string, Cluster>();
  for (const c of clusters) {
    const text = keyOf(c.source, c.template.join(' '));
    const other = survivors.get(text);
    if (other === undefined || c.id < other.id) survivors.set(text, c);
  }
  let folded = false;
  for (const c of clusters) {
    const survivor = survivors.get(keyOf(c.source, c.template.join(' ')));
    if (survivor === undefined || survivor === c) continue;
    survivor.count += c.count;
    aliases.set(keyOf(c.source, c.id), { source: c.source, from: c.id, to: survivor.id });
    folded = true;
  }
  return folded;
}
