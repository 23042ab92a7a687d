import { z } from 'zod';

export const TEMPLATE_SNAPSHOT_VERSION = 1;

/** A snapshot that cannot be restored (wrong version, wrong shape). */
export class TemplateSnapshotError extends Error {
  override readonly name = 'TemplateSnapshotError';
}

const SnapshotCluster = z
  .object({
    source: z.string().min(1),
    id: z.string().min(1),
    template: z.array(z.string()),
    path: z.array(z.string()).min(1),
    count: z.number().int().nonnegative(),
  })
  .refine((c) => c.path[0] === String(c.template.length), {
    message: 'path must start with the template token count',
    path: ['path'],
  });

/** Miner state as JSON: clusters least recently used first. */
export const TemplateSnapshot = z
  .object({
    version: z.literal(TEMPLATE_SNAPSHOT_VERSION),
    clusters: z.array(SnapshotCluster),
    aliases: z.array(z.object({ source: z.string().min(1), from: z.string().min(1), to: z.string().min(1) })),
  })
  .superRefine((snapshot, ctx) => {
    const seen = new Set<string>();
    snapshot.clusters.forEach((c, i) => {
      const key = `${c.source}\u0000${c.id}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', message: `duplicate id ${c.id}`, path: ['clusters', i, 'id'] });
      seen.add(key);
    });
  });
export type TemplateSnapshot = z.infer<typeof TemplateSnapshot>;

export function parseTemplateSnapshot(input: unknown): TemplateSnapshot {
  const result = TemplateSnapshot.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue === undefined ? '' : issue.path.map(String).join('.');
  throw new TemplateSnapshotError(`template snapshot invalid at ${where || '(root)'}: ${issue?.message ?? 'invalid'}`);
}
