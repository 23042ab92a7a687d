import { parsePodLogPath, type PodLogPath } from '../parse/pod-path';

/** What a file name in a container directory (`<namespace>_<pod>_<uid>/<container>/`) is to the collector. */
export type LogFileName =
  | { kind: 'live'; restartCount: number }
  /** A rotated copy (`0.log.20240501-120000` by kubelet, `0.log.1` by logrotate); `liveName` is `0.log`. */
  | { kind: 'rotated'; liveName: string };

const LIVE = /^(\d{1,9})\.log$/;
const ROTATED = /^(\d{1,9}\.log)\.(.+)$/;
/** Compressed rotations (`.gz`, and kubelet's `.gz.tmp` while it compresses) are never read. */
const COMPRESSED = /(^|\.)gz(\.|$)/;

/** Classifies a file name; null for anything that is not a container log (compressed rotations included). */
export function classifyLogFileName(name: string): LogFileName | null {
  const live = LIVE.exec(name);
  if (live) return { kind: 'live', restartCount: Number(live[1]) };
  const rotated = ROTATED.exec(name);
  if (rotated && !COMPRESSED.test(rotated[2]!)) return { kind: 'rotated', liveName: rotated[1]! };
  return null;
}

/** The three parts of a pod directory name, or null when it is not `<namespace>_<pod>_<uid>`. */
export function splitPodDirName(name: string): { namespace: string; pod: string; uid: string } | null {
  const parts = name.split('_');
  if (parts.length !== 3 || parts.some((p) => p === '')) return null;
  const [namespace, pod, uid] = parts as [string, string, string];
  return { namespace, pod, uid };
}

/** Metadata of the live log file `<podDir>/<container>/<liveName>`, validated like kubelet names; null if invalid. */
export function podLogMetadata(podDir: string, container: string, liveName: string): PodLogPath | null {
  // The parser anchors on a `pods` directory; the root may be mounted anywhere, so the path is rebuilt relative to it.
  return parsePodLogPath(`pods/${podDir}/${container}/${liveName}`);
}
