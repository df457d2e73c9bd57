// The hotspot grid imported from a GeoTIFF (src/import/grid_geotiff.ts): the fixture of
// tests/fixtures/import (3 bands on the demo grid's cells, see make_grid_fixtures.ts) read
// onto the app's grid and into a layout of its own pixels, its no data and bad values, and
// the files that must be refused: another coordinate system, a broken or truncated file.
import { readFileSync } from 'node:fs';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { writeArrayBuffer } from 'geotiff';
import type { FeatureCollection } from 'geojson';
import { describe, expect, it } from 'vitest';
import { readDataContent } from '../helpers/data_files';
import { GRID_NO_DATA, cellBounds, decodeHotspotGrid, encodeHotspotGrid, type HotspotGrid } from '../../src/data/hotspot_grid_format';
import type { CountyFeature } from '../../src/data/types';
import { addDays } from '../../src/data/dates';
import { rankCells } from '../../src/spatial/grid_stats';
import { gridFromGeoTiff } from '../../src/import/grid_geotiff';
import { MAX_CONCENTRATION } from '../../src/import/daily_values';
import { MAX_GRID_VALUES } from '../../src/import/grid_build';
import { RASTER, geographicTiff, rasterValue } from '../fixtures/import/make_grid_fixtures';

const toArrayBuffer = (b: Uint8Array): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
const fixture = (name: string): ArrayBuffer => toArrayBuffer(readFileSync(new URL(`../fixtures/import/${name}`, import.meta.url)));

const base = decodeHotspotGrid(toArrayBuffer(readDataContent('hotspot-grid-index.bin.gz')));
const counties = (JSON.parse(readDataContent('counties.geojson.gz').toString('utf8')) as FeatureCollection).features as CountyFeature[];

const FIRST = '2025-09-14';
const options = { firstDate: FIRST, pollutant: 'pm25' as const, base, counties };

/** What a pixel value becomes: no data (NaN, the nodata value, or a value rejected), else whole µg/m³ of the float32 written. */
function stored(v: number): number {
  if (Number.isNaN(v) || v === RASTER.noData || v < 0 || Math.fround(v) > MAX_CONCENTRATION) return GRID_NO_DATA;
  return Math.round(Math.fround(v));
}
const rejectedValue = (v: number): boolean => !Number.isNaN(v) && v !== RASTER.noData && (v < 0 || Math.fround(v) > MAX_CONCENTRATION);

const pixels = (): [number, number][] => Array.from({ length: RASTER.width * RASTER.height }, (_, k) => [k % RASTER.width, Math.floor(k / RASTER.width)]);

function valueOf(grid: HotspotGrid, band: number, cellId: number): number {
  const c = grid.cellIds.indexOf(cellId);
  expect(c, `cell ${cellId}`).toBeGreaterThanOrEqual(0);
  return grid.values[band * grid.header.cellCount + c];
}

/**
 * Two single-page TIFFs of the writer (big-endian, one IFD at byte 8) as one file of two pages:
 * the second file follows the first, its offsets moved by the first's length, and the first
 * page's next-IFD pointer set to the second's IFD.
 */
function chainPages(first: ArrayBuffer, second: ArrayBuffer): ArrayBuffer {
  const shift = first.byteLength;
  const out = new Uint8Array(first.byteLength + second.byteLength);
  out.set(new Uint8Array(first));
  out.set(new Uint8Array(second), shift);
  const view = new DataView(out.buffer);
  const typeSize: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 11: 4, 12: 8 };
  const ifd = view.getUint32(shift + 4);
  const entries = view.getUint16(shift + ifd);
  for (let i = 0; i < entries; i++) {
    const e = shift + ifd + 2 + 12 * i;
    const tag = view.getUint16(e);
    const bytes = typeSize[view.getUint16(e + 2)] * view.getUint32(e + 4);
    // Values over 4 bytes are offsets, and StripOffsets (273) is one however short.
    if (bytes > 4 || tag === 273) view.setUint32(e + 8, view.getUint32(e + 8) + shift);
  }
  const firstIfd = view.getUint32(4);
  view.setUint32(firstIfd + 2 + 12 * view.getUint16(firstIfd), shift + ifd);
  return out.buffer;
}

describe('the GeoTIFF fixture', () => {
  it('is what the fixture script writes today, and small', () => {
    const committed = new Uint8Array(fixture('grid_3days.tif'));
    expect(committed).toEqual(new Uint8Array(geographicTiff()));
    for (const name of ['grid_3days.tif', 'grid_utm.tif', 'grid_truncated.tif'])
      expect(readFileSync(new URL(`../fixtures/import/${name}`, import.meta.url)).length).toBeLessThan(20_000);
  });
});

describe('gridFromGeoTiff onto the app grid', async () => {
  const result = await gridFromGeoTiff(fixture('grid_3days.tif'), options);
  const grid = result.grid!;

  it('takes the base cells when the raster lies on them, one day per band from the first date', () => {
    expect(result.summary).toMatchObject({
      layout: 'base',
      firstDate: FIRST,
      lastDate: addDays(FIRST, 2),
      days: 3,
      cells: base.header.cellCount,
      pollutants: ['pm25'],
    });
    expect(grid.header).toMatchObject({
      startDate: FIRST,
      days: RASTER.bands,
      pollutants: ['pm25'],
      cellCount: base.header.cellCount,
      origin: base.header.origin,
    });
  });

  it('puts each pixel value in the base cell under it, NaN and the nodata value as no data', () => {
    for (let b = 0; b < RASTER.bands; b++) {
      for (const [x, y] of pixels()) {
        const cellId = (RASTER.topRow - y) * base.header.cols + RASTER.firstCol + x;
        expect(valueOf(grid, b, cellId), `band ${b + 1} pixel (${x}, ${y})`).toBe(stored(rasterValue(b, x, y)));
      }
    }
    const written = RASTER.bands * RASTER.width * RASTER.height;
    expect(grid.values.filter((v) => v !== GRID_NO_DATA)).toHaveLength(written - 4);
  });

  it('counts every pixel value read and rejects the negative and the absurd ones with their reasons', () => {
    const expectedRejected = pixels().flatMap(([x, y]) => [0, 1, 2].filter((b) => rejectedValue(rasterValue(b, x, y))));
    expect(result.read).toBe(RASTER.bands * RASTER.width * RASTER.height);
    expect(result.rejected).toHaveLength(expectedRejected.length);
    expect(result.accepted).toBe(result.read - expectedRejected.length);
    expect(result.rejected.map((r) => r.reason).sort()).toEqual([expect.stringMatching(/^PM2\.5 值为负数/), expect.stringMatching(/^PM2\.5 值超出合理范围/)]);
    const negative = result.rejected.find((r) => /负数/.test(r.reason))!;
    expect(negative.values).toMatchObject({ 波段: '3', 日期: addDays(FIRST, 2), 像元行: '3', 像元列: '4', 数值: '-5' });
  });

  it('makes a grid the format round-trips and the ranking reads', () => {
    const decoded = decodeHotspotGrid(toArrayBuffer(encodeHotspotGrid(grid)));
    expect(decoded.header).toEqual(grid.header);
    expect(decoded.values).toEqual(grid.values);
    const top = rankCells(grid, 'pm25', { first: 0, last: 2 }, 1)[0];
    // The pixel whose stored values have the highest mean, worked out from the fixture's description.
    const meanOf = ([x, y]: [number, number]) => {
      const kept = [0, 1, 2].map((b) => stored(rasterValue(b, x, y))).filter((v) => v !== GRID_NO_DATA);
      return kept.reduce((a, v) => a + v, 0) / kept.length;
    };
    const cellOf = ([x, y]: [number, number]) => (RASTER.topRow - y) * base.header.cols + RASTER.firstCol + x;
    // Highest mean first; equal means by the lower cell id, as the ranking orders them.
    const best = pixels().sort((a, b) => meanOf(b) - meanOf(a) || cellOf(a) - cellOf(b))[0];
    expect(top.cellId).toBe(cellOf(best));
    expect(top.mean).toBeCloseTo(meanOf(best), 4);
  });
});

describe('gridFromGeoTiff without a base grid', async () => {
  const result = await gridFromGeoTiff(fixture('grid_3days.tif'), { ...options, base: null });
  const grid = result.grid!;

  it('makes a cell of each pixel whose centre is in the city, on the raster’s own layout', () => {
    expect(result.summary!.layout).toBe('file');
    expect(grid.header).toMatchObject({ cols: RASTER.width, rows: RASTER.height, cellCount: RASTER.width * RASTER.height });
    expect(grid.header.cellSize[0]).toBeCloseTo(RASTER.cellSize[0], 12);
    expect(grid.header.origin[0]).toBeCloseTo(RASTER.west, 12);
    expect(grid.header.origin[1]).toBeCloseTo(RASTER.north - RASTER.height * RASTER.cellSize[1], 12);
    expect(result.notes.join('\n')).toMatch(/按栅格像元新建网格/);
  });

  it('keeps each pixel’s value in its cell, and its county from the county outlines', () => {
    for (const [x, y] of pixels()) {
      const cellId = (RASTER.height - 1 - y) * RASTER.width + x;
      for (let b = 0; b < RASTER.bands; b++) expect(valueOf(grid, b, cellId)).toBe(stored(rasterValue(b, x, y)));
      const [w, s, e, n] = cellBounds(grid.header, cellId);
      const centre = [(w + e) / 2, (s + n) / 2];
      expect(centre[0]).toBeCloseTo(RASTER.west + (x + 0.5) * RASTER.cellSize[0], 9);
      const county = counties.find((f) => booleanPointInPolygon(centre, f))!;
      expect(grid.header.counties[grid.cellCounty[grid.cellIds.indexOf(cellId)]].code).toBe(county.properties.code);
    }
  });

  it('reads the GDAL geotransform (ModelTransformation) as the tie point and scale', async () => {
    const data = new Float32Array(RASTER.width * RASTER.height).map((_, k) => 10 + k);
    const [dx, dy] = RASTER.cellSize;
    const tiff = writeArrayBuffer(data, {
      width: RASTER.width,
      height: RASTER.height,
      ModelTransformation: [dx, 0, 0, RASTER.west, 0, -dy, 0, RASTER.north, 0, 0, 0, 0, 0, 0, 0, 1],
      GeographicTypeGeoKey: 4490,
      GTModelTypeGeoKey: 2,
    });
    const single = (await gridFromGeoTiff(tiff, options)).grid!;
    expect(single.header.days).toBe(1);
    for (const [x, y] of pixels()) expect(valueOf(single, 0, (RASTER.topRow - y) * base.header.cols + RASTER.firstCol + x)).toBe(10 + y * RASTER.width + x);
  });

  it('places a PixelIsPoint raster by its pixel centres, as GDAL does', async () => {
    const [dx, dy] = RASTER.cellSize;
    const tiff = writeArrayBuffer(
      new Float32Array(RASTER.width * RASTER.height).map((_, k) => k),
      {
        width: RASTER.width,
        height: RASTER.height,
        ModelPixelScale: [dx, dy, 0],
        // The tie point is the centre of pixel (0, 0), half a cell inside the corner.
        ModelTiepoint: [0, 0, 0, RASTER.west + dx / 2, RASTER.north - dy / 2, 0],
        GeographicTypeGeoKey: 4326,
        GTModelTypeGeoKey: 2,
        GTRasterTypeGeoKey: 2,
      },
    );
    const centred = await gridFromGeoTiff(tiff, options);
    expect(centred.summary!.layout).toBe('base');
    for (const [x, y] of pixels()) expect(valueOf(centred.grid!, 0, (RASTER.topRow - y) * base.header.cols + RASTER.firstCol + x)).toBe(y * RASTER.width + x);
  });

  it('reads a file of one page per day as its bands', async () => {
    const [dx, dy] = RASTER.cellSize;
    const page = (day: number) =>
      writeArrayBuffer(
        new Float32Array(RASTER.width * RASTER.height).map((_, k) => 100 * (day + 1) + k),
        {
          width: RASTER.width,
          height: RASTER.height,
          ModelPixelScale: [dx, dy, 0],
          ModelTiepoint: [0, 0, 0, RASTER.west, RASTER.north, 0],
          GeographicTypeGeoKey: 4326,
          GTModelTypeGeoKey: 2,
        },
      );
    const paged = (await gridFromGeoTiff(chainPages(page(0), page(1)), options)).grid!;
    expect(paged.header.days).toBe(2);
    for (const day of [0, 1]) {
      for (const [x, y] of pixels()) {
        expect(valueOf(paged, day, (RASTER.topRow - y) * base.header.cols + RASTER.firstCol + x)).toBe(100 * (day + 1) + y * RASTER.width + x);
      }
    }
  });

  it('builds its own layout when the raster is off the base grid', async () => {
    const data = new Float32Array(RASTER.width * RASTER.height).fill(42);
    const tiff = writeArrayBuffer(data, {
      width: RASTER.width,
      height: RASTER.height,
      ModelPixelScale: [RASTER.cellSize[0], RASTER.cellSize[1], 0],
      // Half a cell east of the base's lines.
      ModelTiepoint: [0, 0, 0, RASTER.west + RASTER.cellSize[0] / 2, RASTER.north, 0],
      GeographicTypeGeoKey: 4326,
      GTModelTypeGeoKey: 2,
    });
    const shifted = await gridFromGeoTiff(tiff, options);
    expect(shifted.summary).toMatchObject({ layout: 'file', cells: RASTER.width * RASTER.height });
    expect(shifted.notes.join('\n')).toMatch(/与现有网格不对齐/);
  });
});

describe('gridFromGeoTiff refusals', () => {
  it('refuses a projected raster, saying which system it has and to reproject to EPSG:4326', async () => {
    await expect(gridFromGeoTiff(fixture('grid_utm.tif'), options)).rejects.toThrow(/投影坐标系 EPSG:32649（WGS 84 \/ UTM 49N）.*EPSG:4326/);
  });

  it('refuses a truncated file as broken', async () => {
    await expect(gridFromGeoTiff(fixture('grid_truncated.tif'), options)).rejects.toThrow(/GeoTIFF：文件不完整或已损坏/);
    // Cut inside the header too, not only in the pixels.
    await expect(gridFromGeoTiff(fixture('grid_3days.tif').slice(0, 120), options)).rejects.toThrow(/文件不完整或已损坏/);
  });

  it('refuses a file that is no TIFF, and a raster outside the city', async () => {
    await expect(gridFromGeoTiff(new TextEncoder().encode('经度,纬度\n113,33').buffer as ArrayBuffer, options)).rejects.toThrow(
      '文件不是 GeoTIFF（文件头不是 TIFF）',
    );
    const far = writeArrayBuffer(new Float32Array(4).fill(1), {
      width: 2,
      height: 2,
      ModelPixelScale: [0.01, 0.01, 0],
      ModelTiepoint: [0, 0, 0, 100, 40, 0],
      GeographicTypeGeoKey: 4326,
      GTModelTypeGeoKey: 2,
    });
    await expect(gridFromGeoTiff(far, { ...options, base: null })).rejects.toThrow(/与平顶山市不重叠/);
  });

  it('refuses a raster over the size limit before reading its pixels', async () => {
    // The header claims 10,000 × 5,000 pixels; the pixels are never read, so the file need not hold them.
    const huge = writeArrayBuffer(new Float32Array(4), {
      width: 10_000,
      height: 5_000,
      ModelPixelScale: [0.0001, 0.0001, 0],
      ModelTiepoint: [0, 0, 0, 112.5, 34, 0],
      GeographicTypeGeoKey: 4326,
      GTModelTypeGeoKey: 2,
    });
    expect(10_000 * 5_000).toBeGreaterThan(MAX_GRID_VALUES);
    await expect(gridFromGeoTiff(huge, options)).rejects.toThrow(/GeoTIFF 过大：10000 × 5000 像元 × 1 个波段.*裁剪/);
  });

  it('refuses another geographic system than WGS84 / CGCS2000', async () => {
    const beijing = writeArrayBuffer(new Float32Array(4).fill(1), {
      width: 2,
      height: 2,
      ModelPixelScale: [0.01, 0.01, 0],
      ModelTiepoint: [0, 0, 0, 113, 33.8, 0],
      GeographicTypeGeoKey: 4214,
      GTModelTypeGeoKey: 2,
    });
    await expect(gridFromGeoTiff(beijing, options)).rejects.toThrow(/EPSG:4214（北京 1954 地理坐标系）/);
  });
});
