import { describe, expect, it } from 'vitest';
import { runSoak } from './soakRun.ts';

describe('soak benchmark (a few seconds of it)', () => {
  it('ends with the server holding nothing: no rooms, grace timers or connections', async () => {
    const report = await runSoak({
      sockets: 40,
      durationMs: 2500,
      graceMs: 300,
      clients: 'inline',
    });
    expect(report.load.joins).toBeGreaterThan(0);
    expect(report.load.leaves + report.load.vanishes).toBeGreaterThan(0);
    expect(report.load.errors).toBe(0);
    expect(report.after).toEqual({ rooms: 0, pendingDepartures: 0, connections: 0 });
    expect(report.pass.roomsBack).toBe(true);
  });
});
