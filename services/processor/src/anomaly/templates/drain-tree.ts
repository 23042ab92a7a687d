import { WILDCARD } from './masking';
import { similarity, variableCount } from './similarity';

/** Tuning of one fixed-depth parse tree. */
export interface DrainParams {
  /** Share of a template's constant tokens a message must repeat, position by position, to join its cluster. */
  readonly similarityThreshold: number;
  /** How many leading tokens route a message down the tree (below the token-count level). */
  readonly depth: number;
  /** Children per tree node; further distinct tokens share the `<*>` child. */
  readonly maxChildren: number;
}

/** One template: its stable id, its current tokens (`<*>` for variables) and the tree path it is filed under. */
export interface Cluster {
  readonly id: string;
  readonly source: string;
  path: string[];
  tokens: string[];
  /** `tokens` joined by spaces, kept in step with them. */
  template: string;
  count: number;
}

interface TreeNode {
  readonly children: Map<string, TreeNode>;
  readonly clusters: Cluster[];
}

function newNode(): TreeNode {
  return { children: new Map(), clusters: [] };
}

function routeKey(token: string): string {
  return token.includes(WILDCARD) ? WILDCARD : token;
}

/**
 * Drain's fixed-depth tree for one source: the first level is the token count, the next `depth` levels are the
 * leading tokens (a token holding a variable routes to `<*>`), and the leaves hold the candidate clusters.
 */
export class DrainTree {
  private readonly byLength = new Map<number, TreeNode>();
  /** Every cluster by token count, for the slow path when the leaf a message routes to has no match. */
  private readonly allByLength = new Map<number, Cluster[]>();

  constructor(private readonly params: DrainParams) {}

  /** The most similar cluster of the leaf the message routes to, if it reaches the threshold. */
  match(tokens: readonly string[]): Cluster | undefined {
    let node = this.byLength.get(tokens.length);
    const levels = Math.min(this.params.depth, tokens.length);
    for (let i = 0; i < levels && node !== undefined; i++) {
      node = node.children.get(routeKey(tokens[i] as string)) ?? node.children.get(WILDCARD);
    }
    return node === undefined ? undefined : this.best(node.clusters, tokens);
  }

  /** The most similar cluster of this length anywhere in the tree (the slow path), if it reaches the threshold. */
  matchAnywhere(tokens: readonly string[]): Cluster | undefined {
    return this.best(this.withLength(tokens.length), tokens);
  }

  get isEmpty(): boolean {
    return this.allByLength.size === 0;
  }

  /** Every cluster whose template has this many tokens. */
  withLength(length: number): readonly Cluster[] {
    return this.allByLength.get(length) ?? [];
  }

  /** The path a new cluster with these tokens is filed under; a full node sends further tokens to `<*>`. */
  pathFor(tokens: readonly string[]): string[] {
    const path = [String(tokens.length)];
    let node = this.byLength.get(tokens.length);
    const levels = Math.min(this.params.depth, tokens.length);
    for (let i = 0; i < levels; i++) {
      const key = routeKey(tokens[i] as string);
      let chosen = key;
      if (node !== undefined && !node.children.has(key)) {
        const reserved = node.children.has(WILDCARD) ? 0 : 1;
        if (node.children.size + reserved >= this.params.maxChildren) chosen = WILDCARD;
      }
      path.push(chosen);
      node = node?.children.get(chosen);
    }
    return path;
  }

  /** True when `path` is where this tree files a template of these tokens' length (its depth may have changed). */
  fitsPath(path: readonly string[], tokens: readonly string[]): boolean {
    return path.length === 1 + Math.min(this.params.depth, tokens.length) && path[0] === String(tokens.length);
  }

  insert(cluster: Cluster): void {
    const length = cluster.tokens.length;
    let node: TreeNode | undefined = this.byLength.get(length);
    if (node === undefined) {
      node = newNode();
      this.byLength.set(length, node);
    }
    for (let level = 1; level < cluster.path.length; level++) {
      const key = cluster.path[level] as string;
      let child: TreeNode | undefined = node.children.get(key);
      if (child === undefined) {
        child = newNode();
        node.children.set(key, child);
      }
      node = child;
    }
    node.clusters.push(cluster);
    let same = this.allByLength.get(length);
    if (same === undefined) {
      same = [];
      this.allByLength.set(length, same);
    }
    same.push(cluster);
  }

  /** Removes a cluster and prunes the nodes it leaves empty. */
  remove(cluster: Cluster): void {
    const length = cluster.tokens.length;
    removeFrom(this.allByLength.get(length), cluster);
    if (this.allByLength.get(length)?.length === 0) this.allByLength.delete(length);
    const trail: TreeNode[] = [];
    let node = this.byLength.get(length);
    for (let level = 1; node !== undefined && level < cluster.path.length; level++) {
      trail.push(node);
      node = node.children.get(cluster.path[level] as string);
    }
    if (node === undefined) return;
    removeFrom(node.clusters, cluster);
    for (let level = trail.length; level >= 1; level--) {
      if (node.clusters.length > 0 || node.children.size > 0) return;
      const parent = trail[level - 1] as TreeNode;
      parent.children.delete(cluster.path[level] as string);
      node = parent;
    }
    if (node.clusters.length === 0 && node.children.size === 0) this.byLength.delete(length);
  }

  private best(candidates: readonly Cluster[], tokens: readonly string[]): Cluster | undefined {
    let best: Cluster | undefined;
    let bestScore = -1;
    let bestVariables = -1;
    for (const cluster of candidates) {
      const score = similarity(cluster.tokens, tokens);
      if (score < bestScore || score < this.params.similarityThreshold) continue;
      const variables = variableCount(cluster.tokens);
      if (score > bestScore || variables > bestVariables) {
        best = cluster;
        bestScore = score;
        bestVariables = variables;
      }
    }
    return best;
  }
}

function removeFrom(list: Cluster[] | undefined, cluster: Cluster): void {
  const at = list?.indexOf(cluster) ?? -1;
  if (list !== undefined && at >= 0) list.splice(at, 1);
}
