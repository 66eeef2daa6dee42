import { describe, expect, it } from 'vitest';
import { gridLayout } from './gridLayout.ts';
import {
  MAX_STAGE_TILES,
  MIN_STAGE_TILES,
  MIN_TILE_HEIGHT,
  MIN_TILE_WIDTH,
  PAGER_HEIGHT,
  gridCapacity,
  stageCapacity,
  stripCapacity,
} from './stageCapacity.ts';

/** Stage sizes (the call view less its header, controls and margins) of common screens. */
const stages = {
  phone: [374, 560], // 390 × 844, less the browser's bars
  tallPhone: [374, 730],
  phoneOnItsSide: [828, 270],
  tablet: [788, 1060],
  laptop: [1248, 590], // 1280 × 720
  laptopWithPanel: [904, 590],
  desktop: [1888, 940], // 1920 × 1080
} as const;

describe('gridCapacity', () => {
  it('shows 8 to 10 tiles on a phone and 16 on a laptop or a desktop', () => {
    expect(gridCapacity(...stages.phone)).toBe(8);
    expect(gridCapacity(...stages.tallPhone)).toBe(10);
    expect(gridCapacity(...stages.phoneOnItsSide)).toBe(8);
    expect(gridCapacity(...stages.tablet)).toBe(16);
    expect(gridCapacity(...stages.laptop)).toBe(16);
    expect(gridCapacity(...stages.laptopWithPanel)).toBe(16);
    expect(gridCapacity(...stages.desktop)).toBe(16);
  });

  it('gives every count up to the capacity tiles of at least the smallest legible size', () => {
    for (const [width, height] of Object.values(stages)) {
      const capacity = gridCapacity(width, height);
      for (let count = 1; count <= capacity; count++) {
        const layout = gridLayout(count, width, height);
        expect(layout.tileWidth, `${count} on ${width}×${height}`).toBeGreaterThanOrEqual(
          MIN_TILE_WIDTH,
        );
        expect(layout.tileHeight).toBeGreaterThanOrEqual(MIN_TILE_HEIGHT);
      }
    }
  });

  it('never offers fewer than 4 tiles nor more than 16', () => {
    expect(gridCapacity(0, 0)).toBe(MIN_STAGE_TILES);
    expect(gridCapacity(300, 200)).toBe(MIN_STAGE_TILES);
    expect(gridCapacity(7680, 4320)).toBe(MAX_STAGE_TILES);
  });

  it('never shrinks as the stage grows', () => {
    for (let width = 200; width <= 2400; width += 50) {
      for (let height = 150; height <= 1400; height += 50) {
        expect(gridCapacity(width + 50, height)).toBeGreaterThanOrEqual(
          gridCapacity(width, height),
        );
        expect(gridCapacity(width, height + 50)).toBeGreaterThanOrEqual(
          gridCapacity(width, height),
        );
      }
    }
  });
});

describe('stageCapacity', () => {
  it('is the whole stage’s when everyone fits, and less the page controls’ row when not', () => {
    const [width, height] = stages.phone;
    expect(stageCapacity(8, width, height)).toBe(gridCapacity(width, height));
    expect(stageCapacity(30, width, height)).toBe(gridCapacity(width, height - PAGER_HEIGHT));
    expect(stageCapacity(30, width, height)).toBeLessThan(8);
  });
});

describe('stripCapacity', () => {
  it('fits as many 16:9 tiles of the strip’s height as its width holds, one at least', () => {
    // 128 px high: 227.6 px wide tiles, 12 px apart.
    expect(stripCapacity(1200, 128)).toBe(5);
    expect(stripCapacity(466, 128)).toBe(1);
    expect(stripCapacity(468, 128)).toBe(2);
    expect(stripCapacity(100, 96)).toBe(1);
    expect(stripCapacity(0, 0)).toBe(1);
  });
});
