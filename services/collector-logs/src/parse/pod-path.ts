/** Metadata in a kubelet log path: `.../pods/<namespace>_<pod>_<uid>/<container>/<restart>.log`. */
export interface PodLogPath {
  kind: 'pod';
  namespace: string;
  podName: string;
  podUid: string;
  container: string;
  restartCount: number;
  /** A file kubelet rotated away: `<restart>.log.<yyyymmdd-hhmmss>`. */
  rotated: boolean;
}

/** Metadata in a `.../containers/<pod>_<namespace>_<container>-<container id>.log` symlink name. */
export interface ContainerLogPath {
  kind: 'container';
  namespace: string;
  podName: string;
  container: string;
  containerId: string;
}

// Names are checked once per file, not per line, so plain (linear, anchored) regexes are fine here.
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A UUID, or the hex config hash kubelet uses as the uid of a static pod. */
const POD_UID = /^[0-9a-f][0-9a-f-]*$/;
const LOG_FILE = /^(\d{1,9})\.log(\.\d{8}-\d{6})?$/;
const CONTAINER_ID = /^[0-9a-f]{64}$/;

function isNamespace(name: string): boolean {
  return name.length <= 63 && DNS_LABEL.test(name);
}
function isPodName(name: string): boolean {
  return name.length <= 253 && DNS_SUBDOMAIN.test(name);
}
function isContainerName(name: string): boolean {
  return name.length <= 63 && DNS_LABEL.test(name);
}

/** Parses a `/var/log/pods/...` path (any prefix before `pods/`, e.g. a host mount); null when it is not one. */
export function parsePodLogPath(path: string): PodLogPath | null {
  const segments = path.split('/');
  const n = segments.length;
  if (n < 4 || segments[n - 4] !== 'pods') return null;
  const podDir = segments[n - 3]!;
  const container = segments[n - 2]!;
  const file = LOG_FILE.exec(segments[n - 1]!);
  // Neither namespaces nor pod names nor uids may contain `_`, so the directory splits unambiguously.
  const parts = podDir.split('_');
  if (file === null || parts.length !== 3) return null;
  const [namespace, podName, podUid] = parts as [string, string, string];
  if (!isNamespace(namespace) || !isPodName(podName) || podUid.length > 64 || !POD_UID.test(podUid)) return null;
  if (!isContainerName(container)) return null;
  return {
    kind: 'pod',
    namespace,
    podName,
    podUid,
    container,
    restartCount: Number(file[1]),
    rotated: file[2] !== undefined,
  };
}

/** Parses a `/var/log/containers/...` symlink path; null when it is not one. */
export function parseContainerLogPath(path: string): ContainerLogPath | null {
  const segments = path.split('/');
  const n = segments.length;
  if (n < 2 || segments[n - 2] !== 'containers') return null;
  const file = segments[n - 1]!;
  if (!file.endsWith('.log')) return null;
  const parts = file.slice(0, -4).split('_');
  if (parts.length !== 3) return null;
  const [podName, namespace, containerAndId] = parts as [string, string, string];
  // Container names contain `-`, ids never do: the id follows the last one.
  const dash = containerAndId.lastIndexOf('-');
  const container = containerAndId.slice(0, dash);
  const containerId = containerAndId.slice(dash + 1);
  if (dash < 0 || !isPodName(podName) || !isNamespace(namespace) || !isContainerName(container)) return null;
  return CONTAINER_ID.test(containerId) ? { kind: 'container', namespace, podName, container, containerId } : null;
}

/** Either kind of container log path, or null. */
export function parseLogPath(path: string): PodLogPath | ContainerLogPath | null {
  return parsePodLogPath(path) ?? parseContainerLogPath(path);
}
