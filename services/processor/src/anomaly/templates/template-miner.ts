import { parseTemplateMinerConfig, type TemplateMinerConfig } from './config';
import { DrainTree, type Cluster } from './drain-tree';
import { Masker } from './masking';
import { mergeableSiblings } from './sibling-merge';
import { generalize } from './similarity';
import { parseTemplateSnapshot, TEMPLATE_SNAPSHOT_VERSION, type TemplateSnapshot } from './snapshot';
import { templateId } from './template-id';

export const DEFAULT_TEMPLATE_SOURCE = 'default';

/** What `mine` says about one message. */
export interface MineResult {
  /** Stable id: fixed when the template is founded, kept while the template generalizes. */
  readonly templateId: string;
  /** The current template text, variables as `<*>`. */
  readonly template: string;
  /** True when this message founded a new template. */
  readonly created: boolean;
}

export interface TemplateMinerStats {
  readonly clusters: number;
  /** Sources holding at least one template. */
  readonly sources: number;
  readonly created: number;
  /** Templates folded into a sibling (their ids became aliases). */
  readonly merged: number;
  /** Templates dropped by the `maxClusters` bound, least recently used first. */
  readonly evicted: number;
}

interface SourceState {
  readonly tree: DrainTree;
  readonly masker: Masker;
  readonly mergeAfterValues: number;
}

/**
 * Online template miner in the spirit of Drain: a message is masked (numbers, ids, addresses, paths, sizes,
 * durations, timestamps), routed down a fixed-depth tree by token count and leading tokens, and joined to the most
 * similar template of its leaf; a word that takes many values at one place merges its sibling templates. One tree per
 * source; memory is bounded by `maxClusters` with least-recently-used eviction.
 */
export class TemplateMiner {
  readonly config: TemplateMinerConfig;
  private readonly sources = new Map<string, SourceState>();
  /** Every cluster by `source \0 id`, least recently used first (a Map keeps insertion order; a hit re-inserts). */
  private readonly lru = new Map<string, Cluster>();
  /** `source \0 id` of a merged template → the id it lives on as; oldest first, bounded like the clusters. */
  private readonly aliases = new Map<string, string>();
  private created = 0;
  private merged = 0;
  private evicted = 0;

  constructor(config: unknown = {}) {
    this.config = parseTemplateMinerConfig(config);
  }

  mine(content: string, source: string = DEFAULT_TEMPLATE_SOURCE): MineResult {
    const state = this.stateFor(source);
    const tokens = state.masker.mask(content);
    const cluster =
      state.tree.match(tokens) ?? state.tree.matchAnywhere(tokens) ?? this.mergeSiblings(source, state, tokens);
    if (cluster === undefined) {
      const founded = this.found(source, state.tree, tokens);
      return { templateId: founded.id, template: founded.template, created: true };
    }
    const key = keyOf(source, cluster.id);
    this.lru.delete(key);
    this.lru.set(key, cluster);
    cluster.count++;
    if (generalize(cluster.tokens, tokens)) cluster.template = cluster.tokens.join(' ');
    return { templateId: cluster.id, template: cluster.template, created: false };
  }

  /** The id a template id lives on as now: itself, or the template it was merged into. */
  resolve(id: string, source: string = DEFAULT_TEMPLATE_SOURCE): string {
    let current = id;
    for (let hops = 0; hops <= this.aliases.size; hops++) {
      const next = this.aliases.get(keyOf(source, current));
      if (next === undefined) return current;
      current = next;
    }
    return current;
  }

  stats(): TemplateMinerStats {
    const { created, merged, evicted } = this;
    return { clusters: this.lru.size, sources: this.sources.size, created, merged, evicted };
  }

  /** Templates (least recently used first) and merge aliases as plain JSON; `restore` rebuilds the same state. */
  snapshot(): TemplateSnapshot {
    const clusters = [...this.lru.values()].map((c) => ({
      source: c.source,
      id: c.id,
      template: [...c.tokens],
      path: [...c.path],
      count: c.count,
    }));
    const aliases = [...this.aliases].map(([key, to]) => {
      const [source = '', from = ''] = key.split('\u0000');
      return { source, from, to };
    });
    return { version: TEMPLATE_SNAPSHOT_VERSION, clusters, aliases };
  }

  /** Replaces the whole state with a snapshot; throws TemplateSnapshotError (state untouched) on a bad one. */
  restore(input: unknown): void {
    const snapshot = parseTemplateSnapshot(input);
    this.sources.clear();
    this.lru.clear();
    this.aliases.clear();
    for (const c of snapshot.clusters) {
      const tree = this.stateFor(c.source).tree;
      const tokens = [...c.template];
      const path = tree.fitsPath(c.path, tokens) ? [...c.path] : tree.pathFor(tokens);
      this.add(tree, { id: c.id, source: c.source, path, tokens, template: tokens.join(' '), count: c.count });
    }
    for (const a of snapshot.aliases) this.alias(a.source, a.from, a.to);
  }

  private found(source: string, tree: DrainTree, tokens: string[]): Cluster {
    const template = tokens.join(' ');
    let id = templateId(source, template);
    for (let n = 2; this.lru.has(keyOf(source, id)); n++) id = templateId(source, `${template}\u0002${n}`);
    const cluster: Cluster = { id, source, path: tree.pathFor(tokens), tokens, template, count: 1 };
    this.add(tree, cluster);
    this.created++;
    return cluster;
  }

  /**
   * Folds the siblings that differ from the message in one word into one template with `<*>` there. The sibling
   * with the smallest id survives, so replicas that saw the same siblings in any order keep the same id; the
   * others become aliases of it.
   */
  private mergeSiblings(source: string, state: SourceState, tokens: readonly string[]): Cluster | undefined {
    if (state.mergeAfterValues === 0) return undefined;
    const siblings = mergeableSiblings(state.tree.withLength(tokens.length), tokens, state.mergeAfterValues);
    if (siblings === undefined) return undefined;
    siblings.sort((a, b) => (a.id < b.id ? -1 : 1));
    const survivor = siblings[0] as Cluster;
    state.tree.remove(survivor);
    for (let i = 1; i < siblings.length; i++) {
      const absorbed = siblings[i] as Cluster;
      generalize(survivor.tokens, absorbed.tokens);
      survivor.count += absorbed.count;
      state.tree.remove(absorbed);
      this.lru.delete(keyOf(source, absorbed.id));
      this.alias(source, absorbed.id, survivor.id);
      this.merged++;
    }
    generalize(survivor.tokens, tokens);
    survivor.template = survivor.tokens.join(' ');
    survivor.path = state.tree.pathFor(survivor.tokens);
    state.tree.insert(survivor);
    return survivor;
  }

  private alias(source: string, from: string, to: string): void {
    this.aliases.set(keyOf(source, from), to);
    while (this.aliases.size > this.config.maxClusters) {
      const oldest = this.aliases.keys().next();
      if (oldest.done === true) break;
      this.aliases.delete(oldest.value);
    }
  }

  private add(tree: DrainTree, cluster: Cluster): void {
    tree.insert(cluster);
    this.lru.set(keyOf(cluster.source, cluster.id), cluster);
    while (this.lru.size > this.config.maxClusters) this.evictOldest();
  }

  private evictOldest(): void {
    const oldest = this.lru.values().next();
    if (oldest.done === true) return;
    const cluster = oldest.value;
    this.lru.delete(keyOf(cluster.source, cluster.id));
    const state = this.sources.get(cluster.source);
    state?.tree.remove(cluster);
    // Sources come and go (workloads are deleted); one with no templates left must not hold memory.
    if (state?.tree.isEmpty === true) this.sources.delete(cluster.source);
    this.evicted++;
  }

  private stateFor(source: string): SourceState {
    let state = this.sources.get(source);
    if (state === undefined) {
      const override = this.config.overrides[source] ?? {};
      const tree = new DrainTree({
        similarityThreshold: override.similarityThreshold ?? this.config.similarityThreshold,
        depth: override.depth ?? this.config.depth,
        maxChildren: override.maxChildren ?? this.config.maxChildren,
      });
      const mergeAfterValues = override.mergeAfterValues ?? this.config.mergeAfterValues;
      state = { tree, masker: new Masker(override.masks), mergeAfterValues };
      this.sources.set(source, state);
    }
    return state;
  }
}

function keyOf(source: string, id: string): string {
  return `${source}\u0000${id}`;
}
