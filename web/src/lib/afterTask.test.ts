import { describe, expect, it } from 'vitest';
import { afterTask } from './afterTask.ts';

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
