/**
 * Where a browser's CPU goes during a timed join: the CPU time of every Chromium thread on the
 * machine (Linux `/proc/<pid>/task/<tid>/schedstat`), read before the click and after the last
 * first frame, summed by what the threads do. The join bench runs one browser at a time, so
 * every Chromium thread is the system's under test. Elsewhere than Linux it reads nothing.
 *
 * On a machine with two cores a join is CPU-bound: what the pages do besides the call (drawing
 * video, playing and metering audio, rendering the view) is time the call's own steps wait for.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export type CpuByGroup = Record<string, number>;

/**
 * Groups, in report order, by process type and thread name (Linux cuts names to 15 characters);
 * a process's main thread is the one whose id is the process's, whatever the binary is called.
 */
const GROUPS: {
  name: string;
  matches: (process: string, thread: string, main: boolean) => boolean;
}[] = [
  { name: 'page main threads', matches: (p, _t, main) => p === 'renderer' && main },
  {
    name: 'drawing (compositors, GPU process)',
    matches: (p, t) => p === 'gpu-process' || /^(Compositor|VideoFrameCompo)/.test(t),
  },
  {
    name: 'audio',
    matches: (p, t) => p === 'utility:audio' || /^(Audio|ThreadPoolAudio)/.test(t),
  },
  {
    name: 'WebRTC (codecs, network, signaling threads)',
    matches: (p, t) => p === 'renderer' && /^(WebRTC|ThreadPool|Chrome_ChildIOT)/.test(t),
  },
  { name: 'other (browser, network service, camera)', matches: () => true },
];

/** The group of one thread: its process's type, its name, and whether it is the main thread. */
export function groupOf(process: string, thread: string, main: boolean): string {
  return GROUPS.find((g) => g.matches(process, thread, main))?.name ?? 'other';
}

function processType(pid: string): string | null {
  try {
    if (!readlinkSync(`/proc/${pid}/exe`).includes('chrom')) return null;
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    const type = /--type=([\w-]+)/.exec(cmdline)?.[1];
    if (!type) return 'browser';
    if (type !== 'utility') return type;
    const service = /--utility-sub-type=(\w+)/.exec(cmdline)?.[1] ?? 'other';
    return `utility:${service}`;
  } catch {
    return null;
  }
}

/** A folder's entries; none where it cannot be read (not Linux, or the process ended). */
function list(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}

/** Nanoseconds of CPU per group so far, over every Chromium thread alive now. */
export function cpuNow(): CpuByGroup {
  const totals: CpuByGroup = {};
  for (const pid of list('/proc').filter((name) => /^\d+$/.test(name))) {
    const type = processType(pid);
    if (!type) continue;
    for (const tid of list(`/proc/${pid}/task`)) {
      try {
        const thread = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
        const ns = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
        const group = groupOf(type, thread, tid === pid);
        totals[group] = (totals[group] ?? 0) + ns;
      } catch {
        // The thread ended between the listing and the read.
      }
    }
  }
  return totals;
}

/** Milliseconds of CPU per group between two readings (threads that ended in between are lost). */
export function cpuBetween(before: CpuByGroup, after: CpuByGroup): CpuByGroup {
  const spent: CpuByGroup = {};
  for (const [group, ns] of Object.entries(after))
    spent[group] = Math.max(0, ns - (before[group] ?? 0)) / 1e6;
  return spent;
}

/** The mean of each group over several readings, in report order, with the total first. */
export function describeCpu(readings: CpuByGroup[]): string {
  if (readings.length === 0 || readings.every((r) => Object.keys(r).length === 0)) return 'n/a';
  const mean = (group: string) =>
    readings.reduce((sum, r) => sum + (r[group] ?? 0), 0) / readings.length;
  const total = GROUPS.reduce((sum, g) => sum + mean(g.name), 0);
  const parts = GROUPS.map((g) => `${g.name} ${Math.round(mean(g.name))}`);
  return `${Math.round(total)} ms (${parts.join(', ')})`;
}
