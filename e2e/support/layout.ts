import { expect } from './expect.ts';
import type { Participant } from './participant.ts';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const overlap = (a: Box, b: Box) =>
  Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)) *
  Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));

/** Where the remote tiles are on screen. */
export async function tileBoxes(p: Participant): Promise<Box[]> {
  const boxes: Box[] = [];
  for (const tile of await p.page.getByTestId('tile').all()) {
    const box = await tile.boundingBox();
    if (box) boxes.push(box);
  }
  return boxes;
}

/**
 * The remote tiles sit inside the stage without overlapping, keep a sensible
 * shape and fill a good part of it; the self view is on screen. Returns the
 * tile boxes for layout-specific checks.
 */
export async function expectTilesFillStage(p: Participant, tiles: number): Promise<Box[]> {
  const stage = await p.page.getByRole('region', { name: 'Participants' }).boundingBox();
  if (!stage) throw new Error('no stage');
  await expect(p.page.getByTestId('self-view')).toBeInViewport();
  await expect.poll(async () => (await tileBoxes(p)).length).toBe(tiles);
  const boxes = await tileBoxes(p);
  let covered = 0;
  for (const [i, box] of boxes.entries()) {
    expect(box.x).toBeGreaterThanOrEqual(stage.x - 1);
    expect(box.y).toBeGreaterThanOrEqual(stage.y - 1);
    expect(box.x + box.width).toBeLessThanOrEqual(stage.x + stage.width + 1);
    expect(box.y + box.height).toBeLessThanOrEqual(stage.y + stage.height + 1);
    const aspect = box.width / box.height;
    expect(aspect).toBeGreaterThan(0.7);
    expect(aspect).toBeLessThan(1.8);
    for (const other of boxes.slice(i + 1)) expect(overlap(box, other)).toBeLessThan(1);
    covered += box.width * box.height;
  }
  expect(covered / (stage.width * stage.height)).toBeGreaterThan(0.35);
  return boxes;
}
