import { describe, expect, it } from 'vitest';
import { afterTask, whenIdle } from './afterTask.ts';

describe('afterTask', () => {
  it('applies each key once, after the current task, in the order given', async () => {
    const applied: string[][] = [];
    const bump = afterTask<string>((keys) => applied.push(keys));
    bump('a');
    bump('b');
    bump('a');
    await Promise.resolve();
    expect(applied).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(applied).toEqual([['a', 'b']]);
    bump('c');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(applied).toEqual([['a', 'b'], ['c']]);
  });
});

describe('whenIdle (without idle callbacks, as in Node)', () => {
  it('runs the work later, not in the current task, and not at all once cancelled', async () => {
    const ran: string[] = [];
    whenIdle(() => ran.push('kept'), 50);
    const cancel = whenIdle(() => ran.push('cancelled'), 50);
    cancel();
    expect(ran).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(ran).toEqual(['kept']);
  });
});
