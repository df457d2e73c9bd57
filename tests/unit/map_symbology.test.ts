import { describe, expect, it } from 'vitest';
import { expression } from '@maplibre/maplibre-gl-style-spec';
import type { StylePropertySpecification } from '@maplibre/maplibre-gl-style-spec';
import { gridColourExpression, hotspotGridLayer } from '../../src/layers/hotspot_grid';
import { buildGridCellPolygons } from '../../src/spatial/grid_cells';
import { NO_DATA_COLOUR } from '../../src/symbology/air_quality';
import { AQI_LEVELS } from '../../src/spatial/aqi';
import type { HotspotGrid } from '../../src/data/hotspot_grid_format';
import { diamondIcon, triangleIcon } from '../../src/layers/icons';

const colourSpec = {
  type: 'color',
  'property-type': 'data-driven',
  expression: { interpolated: false, parameters: ['zoom', 'feature', 'feature-state'] },
} as unknown as StylePropertySpecification;

/** Evaluate the grid's fill-colour expression the way MapLibre does, for a cell whose feature-state v is `value`: its colour and alpha. */
function colourAndAlpha(value: number | undefined): { hex: string; alpha: number } {
  const compiled = expression.createExpression(gridColourExpression('pm25'), 'fill-color', colourSpec);
  if (compiled.result !== 'success') throw new Error(JSON.stringify(compiled.value));
  const colour = compiled.value.evaluate({ zoom: 9 }, { type: 'Polygon', properties: {} } as never, value === undefined ? {} : { v: value }) as {
    r: number;
    g: number;
    b: number;
    a: number;
  };
  // MapLibre keeps colours premultiplied by their alpha.
  const hex = (x: number) =>
    Math.round((x / colour.a) * 255)
      .toString(16)
      .padStart(2, '0');
  return { hex: `#${hex(colour.r)}${hex(colour.g)}${hex(colour.b)}`, alpha: colour.a };
}
const colourFor = (value: number | undefined): string => colourAndAlpha(value).hex;

/** Two cells of a 10 × 5 grid, one day of PM2.5. */
function tinyGrid(): HotspotGrid {
  return {
    header: {
      version: 1,
      origin: [112, 33],
      cellSize: [0.01, 0.009],
      cols: 10,
      rows: 5,
      cellCount: 2,
      startDate: '2025-01-01',
      days: 1,
      pollutants: ['pm25'],
      counties: [{ code: '410404', name: '石龙区' }],
      units: 'µg/m³',
    },
    cellIds: new Uint32Array([3, 21]),
    cellCounty: new Uint8Array([0, 0]),
    values: new Uint16Array([10, 20]),
  };
}

describe('hotspot grid colours (HJ 633-2012 PM2.5 levels)', () => {
  it('puts a breakpoint value in the lower level and the next integer in the higher one', () => {
    expect(colourFor(0)).toBe(AQI_LEVELS[0].color);
    expect(colourFor(35)).toBe(AQI_LEVELS[0].color);
    expect(colourFor(36)).toBe(AQI_LEVELS[1].color);
    expect(colourFor(75)).toBe(AQI_LEVELS[1].color);
    expect(colourFor(76)).toBe(AQI_LEVELS[2].color);
    expect(colourFor(150)).toBe(AQI_LEVELS[3].color);
    expect(colourFor(151)).toBe(AQI_LEVELS[4].color);
    expect(colourFor(251)).toBe(AQI_LEVELS[5].color);
  });

  it('shows cloud-covered cells (no value) in the no-data grey, lighter than cells with data', () => {
    expect(colourFor(-1)).toBe(NO_DATA_COLOUR);
    expect(colourFor(undefined)).toBe(NO_DATA_COLOUR);
    const fillOpacity = hotspotGridLayer.bundle({ kind: 'grid', grid: tinyGrid() }, { gridView: null, period: null }).layers[0].paint as Record<
      string,
      unknown
    >;
    // Drawn at 0.3 overall against 0.45 for a value: the fill's opacity times the colour's alpha.
    expect(Number(fillOpacity['fill-opacity']) * colourAndAlpha(-1).alpha).toBeCloseTo(0.3, 2);
    expect(Number(fillOpacity['fill-opacity']) * colourAndAlpha(50).alpha).toBeCloseTo(0.45, 2);
  });

  it('labels the legend with the same bands the map colours', () => {
    const labels = hotspotGridLayer.legend.map((e) => e.label);
    expect(labels.slice(0, 3)).toEqual(['0–35 优', '36–75 良', '76–115 轻度污染']);
    expect(labels.at(-1)).toContain('无数据');
    expect(hotspotGridLayer.legend[1].colour).toBe(colourFor(50));
  });
});

describe('grid cell squares', () => {
  it('places each cell by its row and column and keeps the index as feature id', () => {
    const grid = tinyGrid();
    const cells = buildGridCellPolygons(grid);
    expect(cells.features.map((f) => f.id)).toEqual([0, 1]);
    // cell 21 = row 2, col 1
    const ring = cells.features[1].geometry.coordinates[0];
    expect(ring[0][0]).toBeCloseTo(112.01, 9);
    expect(ring[0][1]).toBeCloseTo(33.018, 9);
    expect(ring[2][0]).toBeCloseTo(112.02, 9);
    expect(ring[2][1]).toBeCloseTo(33.027, 9);
    expect(cells.features[0].properties.county).toBe('石龙区');
  });
});

describe('station symbols', () => {
  it('draws a triangle and a diamond that differ in shape', () => {
    const alpha = (icon: { data: Uint8Array; width: number }, x: number, y: number) => icon.data[(y * icon.width + x) * 4 + 3];
    const t = triangleIcon(32);
    const d = diamondIcon(32);
    // Triangle: solid at the bottom corners, empty at the top corners; diamond: empty at all corners, solid in the middle.
    expect(alpha(t, 6, 27)).toBeGreaterThan(128);
    expect(alpha(t, 3, 4)).toBe(0);
    expect(alpha(d, 3, 27)).toBe(0);
    expect(alpha(d, 16, 16)).toBe(255);
    expect(alpha(d, 16, 5)).toBeGreaterThan(128);
  });
});
