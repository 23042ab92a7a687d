import { DEFAULT_SERVICE_URLS, loadCliConfig } from './config';
import { UsageError } from './errors';

describe('loadCliConfig', () => {
  it('defaults to the local stack, the test variables moving it', () => {
    const config = loadCliConfig({}, { DAYTWO_KAFKA_BROKERS: 'k1:9092,k2:9092', DAYTWO_ES_URL: 'http://es:9200' });
    expect(config.kafka.brokers).toEqual(['k1:9092', 'k2:9092']);
    expect(config.elasticsearch.url).toBe('http://es:9200');
    expect(config.services).toEqual(DEFAULT_SERVICE_URLS);
    expect(config.alerter.redis).toEqual({ url: 'redis://127.0.0.1:6379', prefix: 'daytwo-alerter' });
  });

  it('applies DAYTWO_CLI__ overrides, then flags', () => {
    const config = loadCliConfig(
      { brokers: 'flag:9092', endpoint: ['sink=http://sink:1'], indexPrefix: 'idx', destination: ['am'] },
      { DAYTWO_CLI__TOPIC_PREFIX: 'env', DAYTWO_CLI__KAFKA__BROKERS: 'env:9092' },
    );
    expect(config).toMatchObject({
      kafka: { brokers: ['flag:9092'] },
      topicPrefix: 'env',
      services: { sink: 'http://sink:1', processor: DEFAULT_SERVICE_URLS.processor },
      elasticsearch: { indexPrefix: 'idx' },
      alerter: { destinations: ['am'] },
    });
  });

  it.each([
    [{ endpoint: ['nope=http://x'] }, /--endpoint nope=http:\/\/x/],
    [{ endpoint: ['sink'] }, /--endpoint sink/],
    [{ es: 'not a url' }, /elasticsearch\.url/],
    [{ brokers: 'no-port' }, /kafka\.brokers/],
  ])('rejects %o naming it', (flags, message) => {
    expect(() => loadCliConfig(flags, {})).toThrow(UsageError);
    expect(() => loadCliConfig(flags, {})).toThrow(message);
  });
});
