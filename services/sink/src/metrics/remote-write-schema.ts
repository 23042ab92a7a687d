import { Root } from 'protobufjs';

/**
 * Prometheus remote-write 1.0 messages (prompb `WriteRequest`, `TimeSeries`, `Label`, `Sample`), built by reflection
 * from an in-code descriptor so nothing is loaded from a file path at run time.
 *
 * `Sample.value` is a `double` in prompb; it is declared `fixed64` here. Both use wire type 1 (8 little-endian bytes),
 * so the bytes are identical, and fixed64 lets the encoder write exact float64 bits (the StaleNaN payload survives).
 * Fields this project does not send (exemplars, native histograms, metadata) are left out; protobuf skips them.
 */
const root = Root.fromJSON({
  nested: {
    prometheus: {
      nested: {
        WriteRequest: { fields: { timeseries: { rule: 'repeated', type: 'TimeSeries', id: 1 } } },
        TimeSeries: {
          fields: {
            labels: { rule: 'repeated', type: 'Label', id: 1 },
            samples: { rule: 'repeated', type: 'Sample', id: 2 },
          },
        },
        Label: { fields: { name: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
        Sample: { fields: { value: { type: 'fixed64', id: 1 }, timestamp: { type: 'int64', id: 2 } } },
      },
    },
  },
});

export const WriteRequestType = root.lookupType('prometheus.WriteRequest');

/** The shape `WriteRequestType.encode` accepts (fixed64 as `{low, high}` words). */
export interface WriteRequestMessage {
  timeseries: {
    labels: { name: string; value: string }[];
    samples: { value: { low: number; high: number; unsigned: true }; timestamp: number }[];
  }[];
}

/** The shape of `WriteRequestType.toObject(msg, { longs: String, defaults: true })`. */
export interface WriteRequestObject {
  timeseries?: { labels?: { name: string; value: string }[]; samples?: { value: string; timestamp: string }[] }[];
}
