/**
 * The one reader of /proc in the benchmarks: CPU time per process (in the kernel's own clock
 * ticks), the process tree below a pid, and proportional memory.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

/** Kernel clock ticks per second, the unit of utime/stime in /proc/<pid>/stat. */
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

interface ProcEntry {
  pid: number;
  ppid: number;
  /** User plus system CPU time so far, in seconds. */
  cpuSeconds: number;
}

function readProc(pid: number): ProcEntry | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ppid = Number(fields[1]);
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return { pid, ppid, cpuSeconds: (utime + stime) / CLOCK_TICKS };
  } catch {
    return null; // exited meanwhile
  }
}

/** User + system CPU seconds a process has used so far (0 once it has exited). */
export const cpuSeconds = (pid: number): number => readProc(pid)?.cpuSeconds ?? 0;

/** Every live process below `root` (the browser this process launched and all its helpers). */
export function descendants(root: number): ProcEntry[] {
  const all = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readProc(Number(name)))
    .filter((p): p is ProcEntry => p !== null);
  const children = new Map<number, ProcEntry[]>();
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const out: ProcEntry[] = [];
  const stack = [...(children.get(root) ?? [])];
  while (stack.length > 0) {
    const p = stack.pop();
    if (!p) break;
    out.push(p);
    stack.push(...(children.get(p.pid) ?? []));
  }
  return out;
}

/** Proportional set size in MiB (shared pages split between their users, so sums add up). */
function pssMiB(pid: number): number {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kb = /^Pss:\s+(\d+) kB/m.exec(rollup)?.[1];
    return kb ? Number(kb) / 1024 : 0;
  } catch {
    return 0;
  }
}

export interface CpuSample {
  at: number;
  cpuSeconds: Map<number, number>;
}

export function sampleCpu(root: number): CpuSample {
  return {
    at: performance.now(),
    cpuSeconds: new Map(descendants(root).map((p) => [p.pid, p.cpuSeconds])),
  };
}

/** CPU used between two samples, in cores (1.0 = one core busy all the time). */
export function coresUsed(before: CpuSample, after: CpuSample): number {
  let seconds = 0;
  for (const [pid, cpu] of after.cpuSeconds) seconds += cpu - (before.cpuSeconds.get(pid) ?? 0);
  return seconds / ((after.at - before.at) / 1000);
}

export function memoryMiB(root: number): number {
  return descendants(root).reduce((sum, p) => sum + pssMiB(p.pid), 0);
}
