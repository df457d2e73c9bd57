// The hotspot grid from a GeoTIFF of the satellite platform: one band per day of one
// pollutant, on a regular lon/lat raster. Its pixels become the grid's cells: the app's
// cells when the raster lies on its grid (same cell size, edges on its lines), else a
// layout of the raster's own pixels, kept to those whose centre lies in the city. Only a
// geographic WGS84/CGCS2000 raster is read: a projected one would need a reprojection
// that resamples the values, which belongs in GDAL, not here.

import type { GeoTIFF, GeoTIFFImage } from 'geotiff';
import { GRID_NO_DATA } from '../data/hotspot_grid_format';
import { addDays } from '../data/dates';
import { CITY_EXTENT } from '../data/city';
import type { RejectedRow } from './types';
import type { GeoTiffGridOptions, GridImport } from './grid_types';
import { POLLUTANT_LABELS, checkConcentration, parseTableDate } from './daily_values';
import {
  GridImportError,
  MAX_GRID_VALUES,
  assembleGrid,
  buildCells,
  cellsOfBase,
  checkGridSize,
  checkLayout,
  countyLocator,
  describeCellSize,
  indexOfCell,
  summarise,
} from './grid_build';
import type { GridCells, GridLayout } from './grid_build';

/** The geographic coordinate systems taken as they are: WGS84 and CGCS2000 differ by well under a metre here, far less than a cell. */
const ACCEPTED_GEOGRAPHIC = new Set([4326, 4490]);
/** Geodetic datums of those two, for a file that spells its system out (user-defined, 32767): WGS84 (6326) and China 2000 (1043). */
const ACCEPTED_DATUMS = new Set([6326, 1043]);
const ACCEPTED_CITATION = /WGS[\s_-]*(19)?84|CGCS[\s_-]*2000|China Geodetic Coordinate System 2000/i;
const USER_DEFINED = 32767;

/** Systems a Chinese raster is often in, named in the refusal so the user knows what they have. */
const KNOWN_SYSTEMS: Record<number, string> = {
  3857: 'Web 墨卡托',
  4214: '北京 1954 地理坐标系',
  4610: '西安 1980 地理坐标系',
  4546: 'CGCS2000 / 3 度带 中央经线 111°E',
  4547: 'CGCS2000 / 3 度带 中央经线 114°E',
  4548: 'CGCS2000 / 3 度带 中央经线 117°E',
  4508: 'CGCS2000 / 6 度带 中央经线 111°E',
  32649: 'WGS 84 / UTM 49N',
  32650: 'WGS 84 / UTM 50N',
};

const REPROJECT = '请先用 GDAL 等工具重投影为 EPSG:4326（如 gdalwarp -t_srs EPSG:4326 输入.tif 输出.tif）后再导入';

type GeoKeys = Record<string, unknown>;

function describeSystem(code: unknown, citation: unknown): string {
  const name = typeof code === 'number' ? KNOWN_SYSTEMS[code] : undefined;
  const cited = typeof citation === 'string' && citation.trim() !== '' ? citation.trim() : undefined;
  if (typeof code === 'number' && code !== USER_DEFINED) return `EPSG:${code}${name || cited ? `（${name ?? cited}）` : ''}`;
  return cited ? `自定义坐标系（${cited}）` : '自定义坐标系';
}

/** Refuses any coordinate system but geographic WGS84/CGCS2000, naming the one the file has. */
function checkCoordinateSystem(keys: GeoKeys | null): void {
  if (!keys || Object.keys(keys).length === 0) {
    throw new GridImportError(`GeoTIFF 没有坐标系信息（GeoKey），无法确定其位置；${REPROJECT}`);
  }
  const model = keys.GTModelTypeGeoKey;
  const projected = keys.ProjectedCSTypeGeoKey;
  if (model === 1 || (typeof projected === 'number' && projected !== 0)) {
    const system = describeSystem(projected, keys.PCSCitationGeoKey ?? keys.GTCitationGeoKey);
    throw new GridImportError(`GeoTIFF 的坐标系为投影坐标系 ${system}，只能导入地理坐标系 WGS84 / CGCS2000（EPSG:4326 / EPSG:4490）的栅格；${REPROJECT}`);
  }
  if (model === 3) throw new GridImportError(`GeoTIFF 的坐标系为地心坐标系，只能导入地理坐标系 WGS84 / CGCS2000（EPSG:4326 / EPSG:4490）的栅格；${REPROJECT}`);
  const geographic = keys.GeographicTypeGeoKey;
  if (typeof geographic === 'number' && ACCEPTED_GEOGRAPHIC.has(geographic)) return;
  const citation = keys.GeogCitationGeoKey ?? keys.GTCitationGeoKey;
  const datum = keys.GeogGeodeticDatumGeoKey;
  const userDefined = geographic === undefined || geographic === USER_DEFINED;
  if (userDefined && ((typeof datum === 'number' && ACCEPTED_DATUMS.has(datum)) || (typeof citation === 'string' && ACCEPTED_CITATION.test(citation)))) return;
  throw new GridImportError(
    `GeoTIFF 的坐标系为 ${describeSystem(geographic, citation)}，只能导入地理坐标系 WGS84 / CGCS2000（EPSG:4326 / EPSG:4490）的栅格；${REPROJECT}`,
  );
}

/** Pixel (x, y) has its north-west corner at (west + x·dx, north − y·dy): a north-up raster without rotation. */
interface Georeference {
  west: number;
  north: number;
  dx: number;
  dy: number;
}

const asNumbers = (v: unknown): number[] | null => (v && typeof (v as ArrayLike<number>).length === 'number' ? Array.from(v as ArrayLike<number>) : null);

/**
 * The raster's placement from ModelPixelScale with ModelTiepoint, or from ModelTransformation
 * (where GDAL writes its geotransform); for a raster whose tie point is a pixel's centre
 * (PixelIsPoint) the corner is half a pixel before it, as GDAL reads it.
 */
async function georeferenceOf(image: GeoTIFFImage, keys: GeoKeys | null): Promise<Georeference> {
  const fd = image.getFileDirectory();
  const scale = asNumbers(await fd.loadValue('ModelPixelScale'));
  const tie = asNumbers(await fd.loadValue('ModelTiepoint'));
  const transform = asNumbers(await fd.loadValue('ModelTransformation'));
  let g: Georeference;
  if (scale && tie && tie.length >= 6) {
    const [i, j, , x, y] = tie;
    g = { west: x - i * scale[0], north: y + j * scale[1], dx: scale[0], dy: scale[1] };
  } else if (transform && transform.length >= 8) {
    const [a, b, , d, e, f, , h] = transform;
    if (b !== 0 || e !== 0)
      throw new GridImportError('GeoTIFF 栅格带有旋转，无法对应到网格；请先用 GDAL 重采样为正北朝上的栅格（gdalwarp -t_srs EPSG:4326）后再导入');
    g = { west: d, north: h, dx: a, dy: -f };
  } else {
    throw new GridImportError('GeoTIFF 没有地理定位信息（ModelTiepoint / ModelPixelScale 或 ModelTransformation），无法确定其位置');
  }
  if (!(Number.isFinite(g.west) && Number.isFinite(g.north) && g.dx > 0 && g.dy > 0)) {
    throw new GridImportError(`GeoTIFF 的像元大小无效（${g.dx} × ${g.dy}）：应为正北朝上、像元大小为正的栅格`);
  }
  if (keys?.GTRasterTypeGeoKey === 2) {
    g.west -= g.dx / 2;
    g.north += g.dy / 2;
  }
  return g;
}

/** A cell-size match within this share over the whole grid keeps every pixel within a hundredth of a cell of its cell. */
const ALIGN = 0.01;

/** Where the raster's pixels fall in the base's layout, when they are its cells: the base column and (northern) row of pixel (0, 0). */
function alignment(g: Georeference, width: number, height: number, layout: GridLayout): { col: number; row: number } | null {
  const [sx, sy] = layout.cellSize;
  const span = Math.max(layout.cols, layout.rows, width, height);
  if (Math.abs(g.dx - sx) * span > ALIGN * sx || Math.abs(g.dy - sy) * span > ALIGN * sy) return null;
  const col = (g.west - layout.origin[0]) / sx;
  // The base's row of the raster's top pixel row, counted from the south.
  const row = (g.north - layout.origin[1]) / sy - 1;
  if (Math.abs(col - Math.round(col)) > ALIGN || Math.abs(row - Math.round(row)) > ALIGN) return null;
  return { col: Math.round(col), row: Math.round(row) };
}

/** The bands of the file: the samples of its first image, or (one sample each) its full-resolution pages, as some tools write a series. */
async function bandsOf(tiff: GeoTIFF, first: GeoTIFFImage): Promise<{ images: GeoTIFFImage[]; count: number }> {
  const samples = first.getSamplesPerPixel();
  if (samples > 1) return { images: [first], count: samples };
  const images = [first];
  const count = await tiff.getImageCount();
  for (let i = 1; i < count; i++) {
    const image = await tiff.getImage(i);
    // A reduced-resolution page (an overview) is the same day smaller, not another day.
    const reduced = ((await image.getFileDirectory().loadValue('NewSubfileType')) ?? 0) & 1;
    if (!reduced && image.getWidth() === first.getWidth() && image.getHeight() === first.getHeight()) images.push(image);
  }
  return { images, count: images.length };
}

const broken = (e: unknown): GridImportError =>
  new GridImportError(`无法读取 GeoTIFF：文件不完整或已损坏${e instanceof Error && e.message ? `（技术信息：${e.message}）` : ''}`);

/** TIFF's first bytes: II*\0 or MM\0* (classic), II+\0 or MM\0+ (BigTIFF). */
function looksLikeTiff(bytes: ArrayBuffer): boolean {
  const b = new Uint8Array(bytes, 0, Math.min(4, bytes.byteLength));
  if (b.length < 4) return false;
  const little = b[0] === 0x49 && b[1] === 0x49 && b[3] === 0;
  const big = b[0] === 0x4d && b[1] === 0x4d && b[2] === 0;
  return (little && (b[2] === 42 || b[2] === 43)) || (big && (b[3] === 42 || b[3] === 43));
}

/**
 * The grid of a GeoTIFF (see the file comment). What counts as read is every pixel value
 * over a cell of the grid, one per band: each is accepted (a value, or no data: NaN or the
 * GDAL_NODATA value) or rejected with its reason (negative, or beyond MAX_CONCENTRATION).
 * Pixels outside the city are not read (a raster is a rectangle); the notes count them.
 * Throws GridImportError (Chinese) for a file that is no TIFF or is broken, has another
 * coordinate system, lies outside the city, or would make a grid over MAX_GRID_VALUES.
 */
export async function gridFromGeoTiff(bytes: ArrayBuffer, options: GeoTiffGridOptions): Promise<GridImport> {
  const { base, counties, townships, pollutant } = options;
  const firstDate = parseTableDate(options.firstDate);
  if (!firstDate) throw new GridImportError(`首日日期无法识别：${options.firstDate}`);
  if (!looksLikeTiff(bytes)) throw new GridImportError('文件不是 GeoTIFF（文件头不是 TIFF）');
  // Loaded on demand: the GeoTIFF reader and its decoders are needed by this import only, not by the app's first view.
  const { fromArrayBuffer } = await import('geotiff');
  let tiff: GeoTIFF;
  let image: GeoTIFFImage;
  try {
    tiff = await fromArrayBuffer(bytes);
    image = await tiff.getImage(0);
  } catch (e) {
    throw broken(e);
  }
  let keys: GeoKeys | null;
  try {
    keys = image.getGeoKeys() as GeoKeys | null;
  } catch (e) {
    throw broken(e);
  }
  checkCoordinateSystem(keys);
  const g = await georeferenceOf(image, keys).catch((e: unknown) => {
    throw e instanceof GridImportError ? e : broken(e);
  });
  const width = image.getWidth();
  const height = image.getHeight();
  const bands = await bandsOf(tiff, image).catch((e: unknown) => {
    throw broken(e);
  });
  const days = bands.count;
  const lastDate = addDays(firstDate, days - 1);
  // The reader decodes every pixel of every band, the city's or not: refuse before it allocates them.
  if (width * height * days > MAX_GRID_VALUES) {
    const [w, s, e, n] = CITY_EXTENT;
    throw new GridImportError(
      `GeoTIFF 过大：${width} × ${height} 像元 × ${days} 个波段，超过上限 ${MAX_GRID_VALUES.toLocaleString('en-US')} 个数值；` +
        `请先裁剪到平顶山市范围（如 gdalwarp -te ${w} ${s} ${e} ${n}）或分批导入`,
    );
  }
  const notes: string[] = [];

  // Each pixel's cell index in `cells`, −1 for a pixel outside them.
  const pixelCell = new Int32Array(width * height).fill(-1);
  let cells: GridCells;
  const baseCells = base ? cellsOfBase(base) : null;
  const aligned = baseCells ? alignment(g, width, height, baseCells.layout) : null;
  if (baseCells && aligned) {
    cells = baseCells;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const row = aligned.row - y;
        const col = aligned.col + x;
        if (row < 0 || row >= cells.layout.rows || col < 0 || col >= cells.layout.cols) continue;
        pixelCell[y * width + x] = indexOfCell(cells.cellIds, row * cells.layout.cols + col);
      }
    }
    notes.push(`栅格与现有网格对齐：按现有网格的 ${cells.cellIds.length} 个单元导入，栅格未覆盖的网格为无数据`);
  } else {
    const layout: GridLayout = { origin: [g.west, g.north - height * g.dy], cellSize: [g.dx, g.dy], cols: width, rows: height };
    checkLayout(layout);
    const locate = countyLocator(counties);
    const countyOfPixel = new Int16Array(width * height);
    const ids: number[] = [];
    // Pixel rows run north to south, cell rows south to north: ids ascend from the bottom pixel row up.
    for (let y = height - 1; y >= 0; y--) {
      for (let x = 0; x < width; x++) {
        const k = y * width + x;
        countyOfPixel[k] = locate(g.west + (x + 0.5) * g.dx, g.north - (y + 0.5) * g.dy);
        if (countyOfPixel[k] >= 0) ids.push((height - 1 - y) * width + x);
      }
    }
    const pixelOf = (id: number) => (height - 1 - Math.floor(id / width)) * width + (id % width);
    cells = buildCells(layout, ids, (id) => countyOfPixel[pixelOf(id)], counties, townships);
    ids.forEach((id, c) => (pixelCell[pixelOf(id)] = c));
    const midLat = g.north - (height * g.dy) / 2;
    notes.push(
      base
        ? `栅格与现有网格不对齐（像元 ${describeCellSize([g.dx, g.dy], midLat)}，现有网格 ${describeCellSize(base.header.cellSize, midLat)}），按栅格像元新建网格`
        : `按栅格像元新建网格：${describeCellSize([g.dx, g.dy], midLat)}，${width} 列 × ${height} 行中 ${ids.length} 个像元的中心在平顶山市内`,
    );
  }
  let over = 0;
  for (let k = 0; k < pixelCell.length; k++) if (pixelCell[k] >= 0) over++;
  if (over === 0) {
    const box = `经度 ${+g.west.toFixed(4)}–${+(g.west + width * g.dx).toFixed(4)}，纬度 ${+(g.north - height * g.dy).toFixed(4)}–${+g.north.toFixed(4)}`;
    throw new GridImportError(`GeoTIFF 的范围（${box}）与${aligned ? '现有网格' : '平顶山市'}不重叠`);
  }
  if (over < pixelCell.length) notes.push(`${pixelCell.length - over} 个像元不在${aligned ? '现有网格' : '平顶山市'}范围内，未读取`);

  const n = cells.cellIds.length;
  checkGridSize(n, days, 1, firstDate, lastDate);
  const rasters = await readBands(bands.images, bands.count).catch((e: unknown) => {
    throw broken(e);
  });
  const noData = image.getGDALNoData();
  // A float32 raster holds its nodata value as the nearest float32, not the double the tag spells.
  const isNoData = (v: number) => Number.isNaN(v) || (noData !== null && (v === noData || v === Math.fround(noData)));
  if (noData === null) notes.push('GeoTIFF 未设置 NoData 值（GDAL_NODATA），只有 NaN 视为无数据');

  const values = new Uint16Array(days * n).fill(GRID_NO_DATA);
  const rejected: RejectedRow[] = [];
  const label = POLLUTANT_LABELS[pollutant];
  for (let b = 0; b < days; b++) {
    const band = rasters[b];
    for (let k = 0; k < pixelCell.length; k++) {
      const c = pixelCell[k];
      if (c < 0) continue;
      const v = band[k];
      if (isNoData(v)) continue;
      const parsed = checkConcentration(v, label);
      if (parsed.ok) {
        values[b * n + c] = parsed.value!;
        continue;
      }
      const x = k % width;
      const y = Math.floor(k / width);
      rejected.push({
        row: b * width * height + k + 1,
        values: {
          波段: String(b + 1),
          日期: addDays(firstDate, b),
          像元行: String(y + 1),
          像元列: String(x + 1),
          经度: String(+(g.west + (x + 0.5) * g.dx).toFixed(6)),
          纬度: String(+(g.north - (y + 0.5) * g.dy).toFixed(6)),
          数值: String(v),
        },
        reason: parsed.reason,
      });
    }
  }
  const read = over * days;
  const grid = assembleGrid(cells, firstDate, days, [pollutant], values);
  return { read, accepted: read - rejected.length, rejected, grid, summary: summarise(grid, aligned ? 'base' : 'file', lastDate), notes };
}

/** Each band's pixels as numbers, row by row from the north. */
async function readBands(images: GeoTIFFImage[], count: number): Promise<ArrayLike<number>[]> {
  if (images.length === 1 && count > 1) return Array.from(await images[0].readRasters({ interleave: false })) as ArrayLike<number>[];
  const out: ArrayLike<number>[] = [];
  for (const image of images) out.push((await image.readRasters({ samples: [0], interleave: false }))[0] as ArrayLike<number>);
  return out;
}
