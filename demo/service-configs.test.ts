import { parseOptions, type DemoOptions } from './options';
import { runSettings, SERVICES } from './run-settings';
import { serviceConfig } from './service-configs';

const options = (argv: string[]) => parseOptions(argv) as DemoOptions;
const env = { INIT_CWD: '/tmp', DAYTWO_KAFKA_BROKERS: 'k:9092', DAYTWO_ALERTMANAGER_URL: 'http://am:9093' };

describe('serviceConfig', () => {
  it('gives every service the run names, ports and stack endpoints', () => {
    const run = runSettings(options(['--run-id', 'r1', '--ports', 'auto', '--dir', 'd']), env);
    for (const service of SERVICES) {
      expect(serviceConfig(service, run, 'http://hook/alerts')).toMatchObject({
        kafka: { brokers: ['k:9092'] },
        topicPrefix: 'r1',
        telemetry: { metrics: { port: 0 } },
      });
    }
    expect(serviceConfig('collector-logs', run, '')).toMatchObject({
      discovery: { root: '/tmp/d/pods' },
      checkpoint: { dir: '/tmp/d/checkpoints' },
    });
    expect(serviceConfig('sink', run, '')).toMatchObject({
      elasticsearch: { index: { prefix: 'r1' } },
      state: { redis: { keyPrefix: 'r1:sink:' } },
      pipelines: { logs: { consumer: { groupId: 'r1_sink-logs' } } },
    });
    expect(serviceConfig('alerter', run, 'http://hook/alerts')).toMatchObject({
      cluster: 'r1',
      redis: { prefix: 'r1' },
      destinations: [
        { name: 'alertmanager', url: 'http://am:9093' },
        { name: 'demo-webhook', url: 'http://hook/alerts' },
      ],
    });
  });

  it('keeps the plain names of config/*.yaml without a run id', () => {
    const run = runSettings(options([]), env);
    expect(serviceConfig('processor', run, '')).toMatchObject({
      topicPrefix: '',
      telemetry: { metrics: { port: 9466 } },
      pipelines: { logs: { consumer: { groupId: 'daytwo-processor-logs' } } },
    });
  });
});
