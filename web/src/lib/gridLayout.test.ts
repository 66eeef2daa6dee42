import { describe, expect, it } from 'vitest';
import { gridLayout } from './gridLayout.ts';

const fits = (
  count: number,
  width: number,
  height: number,
  layout: ReturnType<typeof gridLayout>,
  gap = 12,
) => {
  expect(layout.columns * layout.rows).toBeGreaterThanOrEqual(count);
  expect(layout.columns * layout.tileWidth + gap * (layout.columns - 1)).toBeLessThanOrEqual(width);
  expect(layout.rows * layout.tileHeight + gap * (layout.rows - 1)).toBeLessThanOrEqual(height);
};

describe('gridLayout', () => {
  it('fits 1 to 8 tiles into wide, square and tall stages with a sensible shape', () => {
    for (const [width, height] of [
      [1600, 800],
      [900, 900],
      [400, 800],
      [1280, 560],
    ] as const) {
      for (let count = 1; count <= 8; count++) {
        const layout = gridLayout(count, width, height);
        fits(count, width, height, layout);
        const aspect = layout.tileWidth / layout.tileHeight;
        expect(aspect).toBeGreaterThanOrEqual(0.74);
        expect(aspect).toBeLessThanOrEqual(16 / 9 + 0.01);
        // No row or column left empty.
        expect((layout.columns - 1) * layout.rows).toBeLessThan(count);
        expect(layout.columns * (layout.rows - 1)).toBeLessThan(count);
      }
    }
  });

  it('puts tiles side by side on a wide stage and stacks them on a tall one', () => {
    expect(gridLayout(2, 1600, 600)).toMatchObject({ columns: 2, rows: 1 });
    expect(gridLayout(2, 400, 900)).toMatchObject({ columns: 1, rows: 2 });
    expect(gridLayout(4, 1200, 800)).toMatchObject({ columns: 2, rows: 2 });
    expect(gridLayout(3, 2000, 500)).toMatchObject({ columns: 3, rows: 1 });
  });

  it('fills the stage: one tile takes the full height of a wide stage', () => {
    const layout = gridLayout(1, 1600, 600);
    expect(layout.tileHeight).toBe(600);
    expect(layout.tileWidth).toBe(Math.floor(600 * (16 / 9)));
  });

  it('gives nothing to lay out when there is no room or no one', () => {
    expect(gridLayout(0, 800, 600).tileWidth).toBe(0);
    expect(gridLayout(3, 0, 600).tileWidth).toBe(0);
  });
});

describe('gridLayout on a 16:9 window', () => {
  it('prefers uncropped 16:9 tiles in a 2 × 2 grid to three cropped portrait ones', () => {
    expect(gridLayout(3, 1248, 600)).toMatchObject({ columns: 2, rows: 2 });
    expect(gridLayout(3, 1248, 600).tileWidth / gridLayout(3, 1248, 600).tileHeight).toBeCloseTo(
      16 / 9,
      1,
    );
  });

  it('uses a portrait tile on a phone held upright', () => {
    const layout = gridLayout(1, 380, 700);
    expect(layout.tileWidth).toBe(380);
    expect(layout.tileHeight).toBeGreaterThan(380);
  });
});

describe('gridLayout with a smallest tile', () => {
  const minTile = { width: 160, height: 120 };

  it('prefers tiles big enough to a larger area of tiles too flat to read', () => {
    expect(gridLayout(7, 350, 900)).toMatchObject({ columns: 1, rows: 7, tileHeight: 118 });
    const layout = gridLayout(7, 350, 900, { minTile });
    expect(layout).toMatchObject({ columns: 2, rows: 4 });
    expect(layout.tileWidth).toBeGreaterThanOrEqual(160);
    expect(layout.tileHeight).toBeGreaterThanOrEqual(120);
  });

  it('changes nothing when the best layout is big enough, or when none is', () => {
    expect(gridLayout(4, 1200, 800, { minTile })).toEqual(gridLayout(4, 1200, 800));
    expect(gridLayout(16, 400, 300, { minTile })).toEqual(gridLayout(16, 400, 300));
  });
});
