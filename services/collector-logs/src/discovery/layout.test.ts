import { classifyLogFileName, podLogMetadata, splitPodDirName } from './layout';

describe('classifyLogFileName', () => {
  it.each<[string, ReturnType<typeof classifyLogFileName>]>([
    ['0.log', { kind: 'live', restartCount: 0 }],
    ['12.log', { kind: 'live', restartCount: 12 }],
    ['0.log.20240501-120000', { kind: 'rotated', liveName: '0.log' }],
    ['3.log.1', { kind: 'rotated', liveName: '3.log' }],
    ['0.log.20240501-120000.gz', null],
    ['0.log.20240501-120000.gz.tmp', null],
    ['0.log.gz', null],
    ['app.log', null],
    ['0.logx', null],
    ['.0.log.swp', null],
  ])('%s', (name, expected) => {
    expect(classifyLogFileName(name)).toEqual(expected);
  });
});

describe('splitPodDirName', () => {
  it.each<[string, ReturnType<typeof splitPodDirName>]>([
    ['shop_web-1_0d7a3c1e-1111', { namespace: 'shop', pod: 'web-1', uid: '0d7a3c1e-1111' }],
    ['shop_web-1', null],
    ['a_b_c_d', null],
    ['_web_uid', null],
  ])('%s', (name, expected) => {
    expect(splitPodDirName(name)).toEqual(expected);
  });
});

describe('podLogMetadata', () => {
  it('reads the kubelet layout relative to any root', () => {
    expect(podLogMetadata('shop_web-1_0d7a3c1e-1111', 'web', '2.log')).toEqual({
      kind: 'pod',
      namespace: 'shop',
      podName: 'web-1',
      podUid: '0d7a3c1e-1111',
      container: 'web',
      restartCount: 2,
      rotated: false,
    });
  });

  it('rejects names kubelet would not write', () => {
    expect(podLogMetadata('Shop_web-1_0d7a3c1e', 'web', '0.log')).toBeNull();
  });
});
