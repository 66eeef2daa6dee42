/**
 * Reads a V8 `.cpuprofile` (what `node --cpu-prof` writes) into the few numbers
 * worth reading: where the samples land (self time) and what they run under
 * (inclusive time), per function and per package or source file.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
}

export interface Share {
  name: string;
  /** Fraction of all samples. */
  share: number;
}

export interface ProfileSummary {
  samples: number;
  /** Functions by the samples that landed in them. */
  self: Share[];
  /** Functions by the samples they were on the stack of (recursion counted once). */
  inclusive: Share[];
  /** Packages (node_modules), the project's files, Node's internals, by self time. */
  byOrigin: Share[];
}

/** `socket.io-parser`, `signal/handle.ts`, `node:internal`, or `(native)`. */
export function originOf(url: string): string {
  if (url === '') return '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg?.[1]) return pkg[1];
  if (url.startsWith('node:')) return 'node:internal';
  const own = /\/((?:signal|bench|web)\/.+)$/.exec(url);
  return own?.[1] ?? url;
}

const label = ({ callFrame: f }: ProfileNode) =>
  `${f.functionName || '(anonymous)'} ${originOf(f.url)}:${f.lineNumber + 1}`;

const top = (counts: Map<string, number>, total: number, limit: number): Share[] =>
  [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, count]) => ({ name, share: count / total }));

export function summarize(path: string, limit = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const origin = new Map<string, number>();
  const add = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  // Idle time is not the server's work.
  let busy = 0;
  for (const id of profile.samples) {
    const leaf = byId.get(id);
    if (!leaf || leaf.callFrame.functionName === '(idle)') continue;
    busy += 1;
    add(self, label(leaf));
    add(origin, originOf(leaf.callFrame.url));
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const node = byId.get(at);
      if (node) seen.add(label(node));
    }
    for (const key of seen) add(inclusive, key);
  }
  return {
    samples: busy,
    self: top(self, busy, limit),
    inclusive: top(inclusive, busy, limit),
    byOrigin: top(origin, busy, limit),
  };
}
