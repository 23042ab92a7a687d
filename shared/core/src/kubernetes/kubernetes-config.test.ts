import { checkEnvironment, KubernetesConfigError } from './kube-client';
import { KubernetesConfig } from './kubernetes-config';

describe('KubernetesConfig', () => {
  it('defaults to in-cluster, all namespaces, TLS verified', () => {
    expect(KubernetesConfig.parse({})).toEqual({ mode: 'in-cluster', insecureSkipTlsVerify: false, namespaces: [] });
  });

  it.each([
    { config: { mode: 'url' }, path: 'url' },
    { config: { mode: 'in-cluster', tokenFile: '/t' }, path: 'tokenFile' },
    { config: { mode: 'url', url: 'ftp://api' }, path: 'url' },
    { config: { mode: 'url', url: 'https://api:6443', namespaces: ['a', 'a'] }, path: 'namespaces' },
    { config: { mode: 'url', url: 'https://api:6443', namespaces: ['Bad_NS'] }, path: 'namespaces.0' },
    { config: { mode: 'in-cluster', kubeconfigPath: '/k' }, path: 'kubeconfigPath' },
    { config: { mode: 'url', url: 'http://127.0.0.1:8001' }, path: 'insecureSkipTlsVerify' },
    { config: { mode: 'url', url: 'https://api:6443', token: 'x' }, path: '' },
  ])('rejects $config naming $path', ({ config, path }) => {
    const result = KubernetesConfig.safeParse(config);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });
});

describe('checkEnvironment', () => {
  const inCluster = KubernetesConfig.parse({});
  it.each([
    { env: {}, fails: true },
    { env: { KUBERNETES_SERVICE_HOST: '10.96.0.1' }, fails: true },
    { env: { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' }, fails: false },
  ])('in-cluster with $env: fails $fails', ({ env, fails }) => {
    const check = () => checkEnvironment(inCluster, env);
    if (fails) expect(check).toThrow(KubernetesConfigError);
    else expect(check).not.toThrow();
  });

  it('needs nothing from the environment with an explicit url', () => {
    expect(() => checkEnvironment(KubernetesConfig.parse({ mode: 'url', url: 'https://api:6443' }), {})).not.toThrow();
  });
});
