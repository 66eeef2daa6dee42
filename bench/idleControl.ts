/**
 * A process that does nothing but measure its own event-loop delay. Run beside
 * the soak, it tells how much of the server's delay is the machine's (CPU
 * starvation shows up here too) and how much is the server's own work.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

const RESOLUTION_MS = 10;

const [startInMs, durationMs] = process.argv.slice(2).map(Number);
const lag = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
setTimeout(() => lag.enable(), startInMs ?? 0);
setTimeout(
  () => {
    lag.disable();
    // Each sample is the time between ticks, the resolution included: the delay is what exceeds it.
    const ms = (ns: number) => Math.max(0, Math.round((ns / 1e6 - RESOLUTION_MS) * 10) / 10);
    const figures = {
      p50Ms: ms(lag.percentile(50)),
      p99Ms: ms(lag.percentile(99)),
      maxMs: ms(lag.max),
    };
    process.send?.(figures, () => process.exit(0));
  },
  (startInMs ?? 0) + (durationMs ?? 10_000),
);
