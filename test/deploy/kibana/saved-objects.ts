import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One line of deploy/kibana/saved-objects.ndjson, as Kibana's import API reads it. */
export interface SavedObject {
  type: string;
  id: string;
  attributes: Record<string, unknown>;
  references: { name: string; type: string; id: string }[];
}

export const SAVED_OBJECTS_FILE = join(__dirname, '..', '..', '..', 'deploy', 'kibana', 'saved-objects.ndjson');

export function readLines(): string[] {
  return readFileSync(SAVED_OBJECTS_FILE, 'utf8')
    .split('\n')
    .filter((line) => line !== '');
}

export interface SearchSource {
  query?: { query: string; language: string };
  filter?: { meta: { key: string; indexRefName?: string }; query?: { match_phrase?: Record<string, string> } }[];
  indexRefName?: string;
}

export interface VisState {
  type: string;
  aggs: { id: string; type: string; schema: string; params: { field?: string } }[];
}

export function searchSourceOf(object: SavedObject): SearchSource {
  const meta = object.attributes.kibanaSavedObjectMeta as { searchSourceJSON: string } | undefined;
  return meta === undefined ? {} : (JSON.parse(meta.searchSourceJSON) as SearchSource);
}

/** The data view an object reads (through its search source's index reference). */
export function dataViewOf(object: SavedObject): string | undefined {
  const ref = searchSourceOf(object).indexRefName;
  return object.references.find((r) => r.name === ref)?.id;
}

/** Field names a KQL query tests (`field : value`). */
export function kqlFields(query: string): string[] {
  return [...query.matchAll(/([A-Za-z_@][\w.@]*)\s*:/g)].map((m) => m[1]!);
}

/** Every field an object names: columns, sort, filters, query and aggregations. `aggregated` are the agg fields. */
export function fieldsOf(object: SavedObject): { all: string[]; aggregated: string[] } {
  const source = searchSourceOf(object);
  const aggregated =
    object.type === 'visualization'
      ? (JSON.parse(object.attributes.visState as string) as VisState).aggs.flatMap((a) => a.params.field ?? [])
      : [];
  const all = [
    ...((object.attributes.columns as string[] | undefined) ?? []),
    ...((object.attributes.sort as string[][] | undefined) ?? []).map(([field]) => field!),
    ...(source.filter ?? []).flatMap((f) => [f.meta.key, ...Object.keys(f.query?.match_phrase ?? {})]),
    ...kqlFields(source.query?.query ?? ''),
    ...aggregated,
  ];
  return { all, aggregated };
}
