import { parseContainerLogPath, parseLogPath, parsePodLogPath } from './pod-path';

const UID = '3f2a9c1e-7b4d-4e8a-9f10-2b3c4d5e6f70';
const CID = 'a'.repeat(64);

describe('parsePodLogPath', () => {
  it.each([
    [
      `/var/log/pods/default_web-7d9f8b-x2x4q_${UID}/nginx/0.log`,
      {
        namespace: 'default',
        podName: 'web-7d9f8b-x2x4q',
        podUid: UID,
        container: 'nginx',
        restartCount: 0,
        rotated: false,
      },
    ],
    [
      `/host/var/log/pods/kube-system_etcd.node-1_abc123def456/etcd/12.log`,
      {
        namespace: 'kube-system',
        podName: 'etcd.node-1',
        podUid: 'abc123def456',
        container: 'etcd',
        restartCount: 12,
        rotated: false,
      },
    ],
    [
      `/var/log/pods/ns_p_${UID}/c/3.log.20240501-123456`,
      { namespace: 'ns', podName: 'p', podUid: UID, container: 'c', restartCount: 3, rotated: true },
    ],
  ])('%s', (path, expected) => {
    expect(parsePodLogPath(path)).toEqual({ kind: 'pod', ...expected });
  });

  it.each([
    [`/var/log/pods/default_web_extra_${UID}/nginx/0.log`],
    [`/var/log/pods/default_web/nginx/0.log`],
    [`/var/log/pods/Default_web_${UID}/nginx/0.log`],
    [`/var/log/pods/default_-web_${UID}/nginx/0.log`],
    [`/var/log/pods/default_web_${UID}/nginx/x.log`],
    [`/var/log/pods/default_web_${UID}/nginx/0.log.gz`],
    [`/var/log/pods/default_web_${UID}/nginx/0.txt`],
    [`/var/log/pods/default_web_${UID}/Nginx/0.log`],
    [`/var/log/other/default_web_${UID}/nginx/0.log`],
    [`/var/log/pods/default_web_NOT-A-UID/nginx/0.log`],
    [`0.log`],
    [''],
  ])('null for %s', (path) => {
    expect(parsePodLogPath(path)).toBeNull();
  });
});

describe('parseContainerLogPath', () => {
  it.each([
    [
      `/var/log/containers/web-7d9f8b-x2x4q_default_nginx-${CID}.log`,
      { namespace: 'default', podName: 'web-7d9f8b-x2x4q', container: 'nginx', containerId: CID },
    ],
    [
      `/var/log/containers/etcd.node-1_kube-system_my-sidecar-${CID}.log`,
      { namespace: 'kube-system', podName: 'etcd.node-1', container: 'my-sidecar', containerId: CID },
    ],
  ])('%s', (path, expected) => {
    expect(parseContainerLogPath(path)).toEqual({ kind: 'container', ...expected });
  });

  it.each([
    [`/var/log/containers/web_default_nginx-${CID.slice(1)}.log`],
    [`/var/log/containers/web_default_nginx${CID}.log`],
    [`/var/log/containers/web_default_nginx-${CID}.txt`],
    [`/var/log/containers/web_nginx-${CID}.log`],
    [`/var/log/pods/web_default_nginx-${CID}.log`],
  ])('null for %s', (path) => {
    expect(parseContainerLogPath(path)).toBeNull();
  });
});

describe('parseLogPath', () => {
  it.each([
    [`/var/log/pods/ns_p_${UID}/c/0.log`, 'pod'],
    [`/var/log/containers/p_ns_c-${CID}.log`, 'container'],
    ['/var/log/syslog', undefined],
  ])('%s -> %s', (path, kind) => {
    expect(parseLogPath(path)?.kind).toBe(kind);
  });
});
