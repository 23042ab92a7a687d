import { AnomalyEvent } from '@daytwo/core';
import { METRIC_DETECTOR_NAME, toAnomalyEvent } from './anomaly-event';

const series = { name: 'http_requests_rate', labels: { pod: 'web-1', namespace: 'shop' } };
const detection = { score: 0.999, expected: { lower: 10, upper: 20 }, reason: 'value unusual for its recent range' };
const timestamp = Date.UTC(2026, 0, 2, 3, 4, 5);

describe('toAnomalyEvent', () => {
  it('builds a schema-valid event with series, value, expected range, score and reason', () => {
    const event = toAnomalyEvent({ series, timestamp, value: 99, detection, threshold: 0.99 });
    expect(AnomalyEvent.parse(event)).toEqual(event);
    expect(event).toMatchObject({
      source: 'metric',
      detector: METRIC_DETECTOR_NAME,
      '@timestamp': '2026-01-02T03:04:05.000Z',
      score: 0.999,
      reason: detection.reason,
      series,
      value: 99,
      expected: { lower: 10, upper: 20 },
      pod: 'web-1',
      status: 'firing',
    });
  });

  it.each([
    [0.5, true],
    [0.999, true],
    [0.9995, false],
  ])('with threshold %d emits an event: %s', (threshold, emitted) => {
    expect(toAnomalyEvent({ series, timestamp, value: 99, detection, threshold }) !== undefined).toBe(emitted);
  });

  it('derives the same id for the same series and sample, another for another sample', () => {
    const a = toAnomalyEvent({ series, timestamp, value: 99, detection, threshold: 0 });
    const again = toAnomalyEvent({
      series: { ...series, labels: { namespace: 'shop', pod: 'web-1' } },
      timestamp,
      value: 99,
      detection,
      threshold: 0,
    });
    const later = toAnomalyEvent({ series, timestamp: timestamp + 1, value: 99, detection, threshold: 0 });
    expect(again?.id).toBe(a?.id);
    expect(later?.id).not.toBe(a?.id);
  });
});
