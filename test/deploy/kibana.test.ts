import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { AnomalyEvent } from '@daytwo/core';
import { schemaAt } from '../../shared/core/src/config/schema-walk';
import { LEVELS } from '../../services/processor/src/processors/normalize/level';
import {
  anomalyAlias,
  anomalyDeadLetterIndexName,
  anomalyIndexName,
} from '../../services/sink/src/elasticsearch/anomaly-naming';
import { dailyAlias, dailyIndexName, dataStreamName } from '../../services/sink/src/elasticsearch/index-naming';
import { anomalyMappings, logMappings } from '../../services/sink/src/elasticsearch/mappings';
import { dataViewOf, fieldsOf, kqlFields, readLines, searchSourceOf, type SavedObject } from './kibana/saved-objects';

// deploy/kibana/saved-objects.ndjson is imported by the compose service kibana-setup; Kibana cannot run here, so the
// file is checked against what Kibana needs (self-contained references) and what the sink writes (index names and
// the fields its index template maps).
const root = join(__dirname, '..', '..');
const lines = readLines();
const objects = lines.map((line) => JSON.parse(line) as SavedObject);
const byKey = new Map(objects.map((o) => [`${o.type}/${o.id}`, o]));
const sinkIndex = (
  parse(readFileSync(join(root, 'config', 'sink.yaml'), 'utf8')) as { elasticsearch: { index: { prefix: string } } }
).elasticsearch.index;

/** Mapped fields of the sink's log index template, multi-fields included, with their types. */
function mappedFields(properties: Record<string, unknown>, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, def] of Object.entries(properties)) {
    const d = def as { type?: string; properties?: Record<string, unknown>; fields?: Record<string, { type: string }> };
    if (d.properties) for (const [k, v] of mappedFields(d.properties, `${prefix}${name}.`)) out.set(k, v);
    if (d.type) out.set(`${prefix}${name}`, d.type);
    for (const [sub, subDef] of Object.entries(d.fields ?? {})) out.set(`${prefix}${name}.${sub}`, subDef.type);
  }
  return out;
}
const logFields = mappedFields(logMappings({ messageType: 'text' }).properties as Record<string, unknown>);
const anomalyFields = mappedFields(anomalyMappings().properties as Record<string, unknown>);
const AGGREGATABLE = ['keyword', 'date', 'date_nanos', 'long', 'integer', 'short', 'float', 'double', 'boolean'];
const globMatches = (patterns: string, name: string) =>
  patterns.split(',').some((p) =>
    new RegExp(
      `^${p
        .split('*')
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
    ).test(name),
  );

describe('deploy/kibana/saved-objects.ndjson', () => {
  it('holds one JSON saved object per line, each with type, id, attributes and references, ids unique', () => {
    expect(lines.length).toBeGreaterThanOrEqual(8);
    for (const o of objects) {
      expect(o).toEqual({
        type: expect.any(String),
        id: expect.any(String),
        attributes: expect.any(Object),
        references: expect.any(Array),
      });
    }
    expect(byKey.size).toBe(objects.length);
    expect(objects.map((o) => o.type)).toEqual(
      expect.arrayContaining(['index-pattern', 'search', 'visualization', 'dashboard']),
    );
  });

  it('references only objects of the file, under the names its JSON attributes use', () => {
    for (const o of objects) {
      for (const ref of o.references)
        expect([o.id, ref.name, byKey.has(`${ref.type}/${ref.id}`)]).toEqual([o.id, ref.name, true]);
      const source = searchSourceOf(o);
      const names = [source.indexRefName, ...(source.filter ?? []).map((f) => f.meta.indexRefName)].filter(Boolean);
      if (o.type === 'dashboard')
        names.push(
          ...(JSON.parse(o.attributes.panelsJSON as string) as { panelRefName: string }[]).map((p) => p.panelRefName),
        );
      for (const name of names) expect([o.id, o.references.some((r) => r.name === name)]).toEqual([o.id, true]);
      for (const key of ['visState', 'uiStateJSON', 'optionsJSON'])
        if (key in o.attributes) expect(() => JSON.parse(o.attributes[key] as string) as unknown).not.toThrow();
    }
  });

  it('has a logs data view over logs-* and the daily indices and alias the sink writes, in both index modes', () => {
    const title = byKey.get('index-pattern/daytwo-logs')!.attributes.title as string;
    expect(title.split(',')).toEqual(['logs-*', 'daytwo-logs*']);
    const naming = { prefix: sinkIndex.prefix, defaultDataset: 'container', defaultNamespace: 'default' };
    for (const name of [
      dataStreamName(naming, 'container', 'shop'),
      dailyIndexName(naming, 'shop', '2026.01.31'),
      dailyAlias(naming),
    ]) {
      expect([name, globMatches(title, name)]).toEqual([name, true]);
    }
    expect(globMatches(title, `${sinkIndex.prefix}-deadletter-logs`)).toBe(false);
  });

  it('names only fields the sink index template maps, and aggregates only aggregatable ones', () => {
    const onLogs = objects.filter((o) => dataViewOf(o) === 'daytwo-logs');
    expect(onLogs.length).toBeGreaterThanOrEqual(6);
    for (const o of onLogs) {
      const { all, aggregated } = fieldsOf(o);
      for (const field of all) expect([o.id, field, logFields.has(field)]).toEqual([o.id, field, true]);
      for (const field of aggregated)
        expect([o.id, field, AGGREGATABLE.includes(logFields.get(field)!)]).toEqual([o.id, field, true]);
    }
    const fields = onLogs.flatMap((o) => fieldsOf(o).aggregated);
    expect(fields).toEqual(
      expect.arrayContaining(['log.level', 'kubernetes.namespace', 'event.template_id', 'event.template.keyword']),
    );
  });

  it('queries log levels by the names the normalize processor gives them', () => {
    for (const o of objects) {
      const query = searchSourceOf(o).query?.query ?? '';
      if (!kqlFields(query).includes('log.level')) continue;
      const values = [...query.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
      expect(values.every((v) => (LEVELS as readonly string[]).includes(v!))).toBe(true);
    }
  });

  it('reads anomalies from the indices and alias the sink writes, by fields of an AnomalyEvent its template maps', () => {
    const title = byKey.get('index-pattern/daytwo-anomalies')!.attributes.title as string;
    expect(title).toBe('daytwo-anomalies*');
    const naming = { prefix: sinkIndex.prefix };
    for (const name of [
      anomalyIndexName(naming, '2026.01'),
      anomalyIndexName(naming, '2026.01.31'),
      anomalyAlias(naming),
    ])
      expect([name, globMatches(title, name)]).toEqual([name, true]);
    expect(globMatches(title, anomalyDeadLetterIndexName(naming))).toBe(false);
    const onAnomalies = objects.filter((o) => dataViewOf(o) === 'daytwo-anomalies');
    expect(onAnomalies.map((o) => o.id).sort()).toEqual(['daytwo-anomalies-by-workload', 'daytwo-anomaly-timeline']);
    for (const o of onAnomalies) {
      const { all, aggregated } = fieldsOf(o);
      for (const field of all) {
        expect([o.id, field, schemaAt(AnomalyEvent, field.split('.')) !== undefined]).toEqual([o.id, field, true]);
        expect([o.id, field, anomalyFields.has(field)]).toEqual([o.id, field, true]);
      }
      for (const field of aggregated)
        expect([o.id, field, AGGREGATABLE.includes(anomalyFields.get(field)!)]).toEqual([o.id, field, true]);
    }
  });

  it('is imported by the one-shot compose service kibana-setup, overwriting older copies', () => {
    const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8')) as {
      services: Record<
        string,
        { volumes?: string[]; command?: string[]; depends_on?: Record<string, unknown>; restart?: string }
      >;
    };
    const setup = compose.services['kibana-setup']!;
    const mount = setup.volumes!.find((v) => v.startsWith('./deploy/kibana/saved-objects.ndjson:'))!;
    const script = setup.command!.join('\n');
    expect(script).toContain(`/api/saved_objects/_import?overwrite=true`);
    expect(script).toContain(`file=@${mount.split(':')[1]}`);
    expect(setup.depends_on).toHaveProperty('kibana');
    expect(setup.restart).toBe('on-failure');
  });
});
