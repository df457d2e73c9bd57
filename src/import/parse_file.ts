// A user's file read into a table (CSV, the first sheet of an XLSX) or into features
// (GeoJSON, KML, a zipped Shapefile). The format is told by the bytes first — a zip is
// an XLSX or a Shapefile by what it holds, JSON starts with { or [, KML with < — and by
// the name only where the bytes cannot tell. Each parser is a maintained library loaded
// by import() when its format is met. (Vite builds workers as IIFE by default, which
// inlines them all into the worker's one file; `worker.format: 'es'` would split them.)
//
// A file that cannot be read whole is refused with one Chinese message, never returned
// in part: an empty file, a truncated zip, a web page saved as .csv or .xls, a binary
// renamed .xlsx, invalid JSON, JSON that is not GeoJSON, a table with no data rows, a
// file over the limits (limits.ts). Every cell comes back as text; nothing is markup.

import type { Feature, Geometry } from 'geojson';
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, MAX_UNZIPPED_BYTES, tooLargeMessage, tooLargeUnzippedMessage, tooManyRowsMessage } from './limits';
import type { ParsedFeatures, ParsedFile, ParsedTable } from './types';

type Progress = (fraction: number) => void;

/** Rows at the top of a sheet among which the header row is looked for (a title and notes may come first). */
const HEADER_SCAN_ROWS = 20;

const startsWith = (bytes: Uint8Array, magic: readonly number[]): boolean => magic.every((b, i) => bytes[i] === b);
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP = [0x50, 0x4b, 0x05, 0x06];
/** The OLE2 compound file: an Excel 97–2003 .xls, or any password-protected Office file. */
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const TIFF_LE = [0x49, 0x49, 0x2a, 0x00];
const TIFF_BE = [0x4d, 0x4d, 0x00, 0x2a];

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const extensionOf = (name: string): string => /\.([^.\\/]+)$/.exec(name)?.[1].toLowerCase() ?? '';

/** Read a file of the import into a table or features; throws an Error with a Chinese message if it cannot be read whole. */
export async function parseImportFile(bytes: ArrayBuffer, fileName: string, onProgress?: Progress): Promise<ParsedFile> {
  const report: Progress = (f) => onProgress?.(Math.min(1, Math.max(0, f)));
  const data = new Uint8Array(bytes);
  if (data.length === 0) throw new Error(`文件“${fileName}”是空的（0 字节）`);
  if (data.length > MAX_IMPORT_BYTES) throw new Error(tooLargeMessage(fileName, data.length));
  const extension = extensionOf(fileName);
  let parsed: ParsedFile;
  if (startsWith(data, ZIP)) parsed = await parseZip(data, fileName, report);
  else if (startsWith(data, EMPTY_ZIP)) throw new Error(`压缩文件“${fileName}”是空的，里面没有任何文件`);
  else if (startsWith(data, OLE)) {
    throw new Error(`文件“${fileName}”是旧版 Excel（.xls）或加密的 Office 文件，无法直接读取：请在 Excel 中取消密码，另存为 .xlsx 或 CSV（UTF-8）后再导入`);
  } else if (startsWith(data, TIFF_LE) || startsWith(data, TIFF_BE)) {
    throw new Error(`文件“${fileName}”是 TIFF 栅格影像，这里只能导入表格（CSV、Excel .xlsx）和矢量数据（GeoJSON、KML、Shapefile 压缩包）`);
  } else parsed = await parseText(data, fileName, extension, report);
  report(1);
  return parsed;
}

// ---- text: CSV, GeoJSON, KML ---------------------------------------------------------

/** Control characters no text file has (tab, line feed, form feed and carriage return are text). */
// eslint-disable-next-line no-control-regex
const BINARY = /[\u0000-\u0008\u000e-\u001f\ufffd]/g;

/** The text of the bytes and how it was decoded: a BOM says; else UTF-8 if the bytes are valid UTF-8, else GBK (what Excel in China saves). Null: not text. */
function decodeText(data: Uint8Array): { text: string; encoding: NonNullable<ParsedTable['encoding']> } | null {
  let decoded: { text: string; encoding: NonNullable<ParsedTable['encoding']> };
  // TextDecoder drops the BOM it is named for.
  if (startsWith(data, [0xff, 0xfe])) decoded = { text: new TextDecoder('utf-16le').decode(data), encoding: 'utf-16le' };
  else if (startsWith(data, [0xfe, 0xff])) decoded = { text: new TextDecoder('utf-16be').decode(data), encoding: 'utf-16be' };
  else {
    try {
      decoded = { text: new TextDecoder('utf-8', { fatal: true }).decode(data), encoding: 'utf-8' };
    } catch {
      decoded = { text: new TextDecoder('gbk').decode(data), encoding: 'gbk' };
    }
  }
  // A binary file decodes to something; what tells it is the share of control characters and undecodable bytes.
  const sample = decoded.text.slice(0, 8192);
  const odd = sample.match(BINARY)?.length ?? 0;
  return odd > Math.max(2, sample.length * 0.01) ? null : decoded;
}

async function parseText(data: Uint8Array, fileName: string, extension: string, report: Progress): Promise<ParsedFile> {
  const decoded = decodeText(data);
  if (!decoded) {
    if (extension === 'xlsx' || extension === 'xls')
      throw new Error(`文件“${fileName}”不是有效的 Excel 工作簿（.xlsx 应是一个压缩包，此文件不是）：可能已损坏，或只是改了扩展名`);
    if (extension === 'zip') throw new Error(`文件“${fileName}”不是有效的 zip 压缩文件：可能已损坏，或只是改了扩展名`);
    throw new Error(`无法识别文件“${fileName}”的格式：可导入 CSV、Excel（.xlsx）、GeoJSON、KML 或 Shapefile 压缩包（.zip）`);
  }
  const { text, encoding } = decoded;
  const head = text.slice(0, 2048).trimStart().toLowerCase();
  if (/^<(!doctype\s+html|html|head|body|meta|table)[\s>]/.test(head) || (head.startsWith('<') && /<html[\s>]/.test(head))) {
    throw new Error(
      `文件“${fileName}”是网页（HTML），不是表格或地理数据：有些系统导出的“Excel”其实是网页，请用 Excel 打开后另存为 .xlsx 或 CSV（UTF-8）再导入`,
    );
  }
  if (head.startsWith('<')) return parseKml(text, fileName, report);
  if (head.startsWith('{') || head.startsWith('[')) return parseGeoJson(text, fileName);
  if (extension === 'json' || extension === 'geojson') throw new Error(`文件“${fileName}”不是有效的 JSON：内容应以 { 或 [ 开头`);
  if (extension === 'kml') throw new Error(`文件“${fileName}”不是有效的 KML：内容应以 <?xml 或 <kml 开头`);
  return parseCsv(text, encoding, fileName, report);
}

/**
 * The separator of a delimited text: the one that splits most of the first lines into
 * the same number (more than one) of fields. Papa Parse's own guess needs several
 * rows of the same width and takes a two-row file, or one ending with a blank line, for
 * a single column.
 */
function guessDelimiter(text: string): string {
  const lines = text
    .slice(0, 65536)
    .split(/\r\n|\n|\r/)
    .filter((l) => l.trim() !== '')
    .slice(0, 50);
  let best = { delimiter: ',', score: 0 };
  for (const delimiter of [',', '\t', ';', '|']) {
    const counts = new Map<number, number>();
    for (const line of lines) {
      const fields = line.split(delimiter).length;
      if (fields > 1) counts.set(fields, (counts.get(fields) ?? 0) + 1);
    }
    const score = Math.max(0, ...counts.values());
    if (score > best.score) best = { delimiter, score };
  }
  return best.delimiter;
}

async function parseCsv(text: string, encoding: NonNullable<ParsedTable['encoding']>, fileName: string, report: Progress): Promise<ParsedTable> {
  const { default: Papa } = await import('papaparse');
  const records: string[][] = [];
  let filled = 0;
  let refusal: string | null = null;
  let reported = 0;
  Papa.parse<string[]>(text, {
    delimiter: guessDelimiter(text),
    skipEmptyLines: false,
    // In chunks, so that aborting (too many rows) stops the reading early.
    chunkSize: 1024 * 1024,
    step(results, parser) {
      const row = results.data;
      records.push(row);
      const broken = results.errors.find((e) => e.code === 'MissingQuotes');
      if (broken) {
        refusal = `文件“${fileName}”第 ${records.length} 行的引号没有闭合，之后的内容无法正确读取：请检查该行`;
        return parser.abort();
      }
      if (row.some((cell) => cell.trim() !== '')) filled++;
      // Past this, even a title and notes above the header could not bring the data rows within the limit;
      // blank lines are not rows, but a file of millions of them is no ledger either.
      if (filled > MAX_IMPORT_ROWS + HEADER_SCAN_ROWS || records.length > 2 * MAX_IMPORT_ROWS) {
        refusal = tooManyRowsMessage(fileName, '行');
        return parser.abort();
      }
      const fraction = results.meta.cursor / text.length;
      if (fraction - reported >= 0.01) report((reported = fraction));
    },
  });
  if (refusal) throw new Error(refusal);
  return { ...tableFrom(records, fileName), format: 'csv', encoding };
}

// ---- tables ---------------------------------------------------------------------------

const isFilled = (row: readonly string[] | undefined): boolean => !!row && row.some((cell) => cell.trim() !== '');

/**
 * The header row: the first of the top rows with at least half as many different texts
 * as the fullest of them. A ledger often starts with a title (平顶山市入河排污口排查台账),
 * merged across the sheet, and a line of notes (填报单位、日期) before its header.
 */
function findHeaderRow(grid: readonly string[][]): number {
  const candidates: { index: number; distinct: number }[] = [];
  for (let i = 0; i < grid.length && candidates.length < HEADER_SCAN_ROWS; i++) {
    if (!isFilled(grid[i])) continue;
    candidates.push({ index: i, distinct: new Set(grid[i].map((c) => c.trim()).filter((c) => c !== '')).size });
  }
  if (candidates.length === 0) return -1;
  const most = Math.max(...candidates.map((c) => c.distinct));
  return candidates.find((c) => c.distinct >= Math.max(2, Math.ceil(most / 2)))?.index ?? candidates[0].index;
}

/** Header texts made usable as keys: trimmed, a blank one named by its column, a repeated one numbered. */
function uniqueHeaders(texts: string[]): string[] {
  const seen = new Map<string, number>();
  return texts.map((raw, i) => {
    const text = raw.replace(/\s+/g, ' ').trim() || `第${i + 1}列`;
    const count = (seen.get(text) ?? 0) + 1;
    seen.set(text, count);
    return count === 1 ? text : `${text}（${count}）`;
  });
}

/**
 * The table of a grid of cells: header row found, blank rows left out (they are not
 * rows of data: Excel shows them as empty lines), columns with neither a header nor a
 * value dropped, every row as wide as the header. `headerTexts` replaces the header
 * row's texts (a two-row header of an XLSX) and `dataFrom` where data starts.
 */
function tableFrom(
  grid: string[][],
  fileName: string,
  rowNumberOf: (index: number) => number = (i) => i + 1,
  header?: { index: number; texts: string[]; dataFrom: number },
): Omit<ParsedTable, 'format'> {
  const headerIndex = header?.index ?? findHeaderRow(grid);
  if (headerIndex < 0) throw new Error(`文件“${fileName}”里没有任何内容`);
  const headerTexts = header?.texts ?? grid[headerIndex];
  const dataIndexes: number[] = [];
  for (let i = header?.dataFrom ?? headerIndex + 1; i < grid.length; i++) if (isFilled(grid[i])) dataIndexes.push(i);
  if (dataIndexes.length === 0) throw new Error(`文件“${fileName}”只有表头，没有数据行`);
  if (dataIndexes.length > MAX_IMPORT_ROWS) throw new Error(tooManyRowsMessage(fileName, '行'));
  let width = headerTexts.length;
  for (const i of dataIndexes) width = Math.max(width, grid[i].length);
  const used = (column: number) => (headerTexts[column] ?? '').trim() !== '' || dataIndexes.some((i) => (grid[i][column] ?? '').trim() !== '');
  while (width > 0 && !used(width - 1)) width--;
  const cells = (row: readonly string[]) => Array.from({ length: width }, (_, c) => row[c] ?? '');
  return {
    kind: 'table',
    headers: uniqueHeaders(cells(headerTexts)),
    rows: dataIndexes.map((i) => cells(grid[i])),
    rowNumbers: dataIndexes.map(rowNumberOf),
  };
}

// ---- zip: XLSX or Shapefile -----------------------------------------------------------------

async function parseZip(data: Uint8Array, fileName: string, report: Progress): Promise<ParsedFile> {
  const { unzipSync } = await import('fflate');
  const names: string[] = [];
  let unpacked = 0;
  try {
    // Only the directory is read here (a filter that takes no file inflates nothing).
    unzipSync(data, {
      filter(file) {
        names.push(file.name);
        unpacked += file.originalSize;
        return false;
      },
    });
  } catch (e) {
    const what = /\.xlsx$/i.test(fileName) ? 'Excel 工作簿' : '压缩文件';
    throw new Error(`${what}“${fileName}”不完整或已损坏，无法解压（${errorText(e)}）：请重新下载或重新保存后再试`);
  }
  if (unpacked > MAX_UNZIPPED_BYTES) throw new Error(tooLargeUnzippedMessage(fileName, unpacked));
  if (names.includes('[Content_Types].xml') && names.some((n) => n.startsWith('xl/'))) return parseXlsx(data, fileName, report);
  const layers = names.filter((n) => /\.shp$/i.test(n) && !n.startsWith('__MACOSX/'));
  if (layers.length > 1) {
    throw new Error(`压缩文件“${fileName}”里有 ${layers.length} 个 Shapefile 图层（${layers.join('、')}）：请每个压缩包只放一个图层`);
  }
  if (layers.length === 1) return parseShapefile(data, unzipSync, layers[0], fileName, report);
  if (names.includes('[Content_Types].xml')) throw new Error(`文件“${fileName}”是 Word、PowerPoint 等 Office 文档，不是 Excel 工作簿`);
  throw new Error(`压缩文件“${fileName}”里既不是 Excel 工作簿，也没有 Shapefile（.shp）`);
}

// ---- XLSX --------------------------------------------------------------------------------------

/** A date cell as Excel shows a date: yyyy-mm-dd (with the time when it has one). exceljs reads date serials as UTC. */
function dateText(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  const iso = date.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/**
 * A cell's value as text: a number as its value (not as its number format would round
 * it: a coordinate shown to 2 decimals keeps all of them), a date as yyyy-mm-dd, rich
 * text joined, a hyperlink as its text, a formula as its cached result or, without one,
 * as "=formula" (the validation refuses it), an error as #N/A and the like.
 */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value);
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) return (v.richText as { text?: unknown }[]).map((run) => String(run.text ?? '')).join('');
    if ('formula' in v || 'sharedFormula' in v) {
      if (v.result !== undefined && v.result !== null) return cellText(v.result);
      return `=${String(v.formula ?? v.sharedFormula ?? '')}`;
    }
    if ('hyperlink' in v || 'text' in v) return cellText(v.text);
    if (typeof v.error === 'string') return v.error;
  }
  return String(value);
}

async function parseXlsx(data: Uint8Array, fileName: string, report: Progress): Promise<ParsedTable> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  report(0.05);
  try {
    await workbook.xlsx.load(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer);
  } catch (e) {
    throw new Error(`无法读取 Excel 工作簿“${fileName}”：文件可能已损坏（${errorText(e)}）`);
  }
  report(0.6);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error(`Excel 工作簿“${fileName}”里没有工作表`);
  // Rows with values: a sheet whose borders were drawn down to row 1,048,576 has that many rows, and is no larger for it.
  if (sheet.actualRowCount > MAX_IMPORT_ROWS + HEADER_SCAN_ROWS) throw new Error(tooManyRowsMessage(fileName, '行'));
  const grid: string[][] = [];
  /** Per row, the columns whose cell is merged with the cell above (a header's second row under a merged top). */
  const mergedFromAbove: Set<number>[] = [];
  sheet.eachRow({ includeEmpty: false }, (sheetRow, r) => {
    const row: string[] = [];
    const fromAbove = new Set<number>();
    // A merged area shows its first cell's value all over; exceljs gives that value to every cell of it.
    sheetRow.eachCell({ includeEmpty: false }, (cell, column) => {
      row[column - 1] = cellText(cell.value);
      if (cell.isMerged && Number(cell.master.row) < r) fromAbove.add(column - 1);
    });
    for (let c = 0; c < row.length; c++) row[c] ??= '';
    grid[r - 1] = row;
    mergedFromAbove[r - 1] = fromAbove;
  });
  // Rows without values are blank lines of the table (a row number is the sheet's, gaps included).
  for (let i = 0; i < grid.length; i++) grid[i] ??= [];
  report(0.9);
  const headerIndex = findHeaderRow(grid);
  const header = headerIndex >= 0 ? twoRowHeader(grid, mergedFromAbove, headerIndex) : undefined;
  return { ...tableFrom(grid, fileName, (i) => i + 1, header), format: 'xlsx', sheet: sheet.name };
}

/**
 * A header of two rows, as ledgers group columns (监测情况 over 是否监测 / 监测日期 /
 * 监测结果): the row under the header is part of it when some of its cells are merged
 * with the header's cell above. A column then takes the lower text, or the upper one
 * where the two are one merged cell; a lower text that repeats (两组 "日期") keeps its
 * group's name before it.
 */
function twoRowHeader(grid: string[][], mergedFromAbove: Set<number>[], index: number): { index: number; texts: string[]; dataFrom: number } | undefined {
  const below = mergedFromAbove[index + 1];
  if (!below || below.size === 0) return undefined;
  const top = grid[index];
  const bottom = grid[index + 1];
  const width = Math.max(top.length, bottom.length);
  const lower = Array.from({ length: width }, (_, c) => (below.has(c) ? '' : (bottom[c] ?? '').trim()));
  const texts = Array.from({ length: width }, (_, c) => {
    const upper = (top[c] ?? '').trim();
    if (!lower[c]) return upper;
    return lower.filter((t) => t === lower[c]).length > 1 && upper ? `${upper}-${lower[c]}` : lower[c];
  });
  return { index, texts, dataFrom: index + 2 };
}

// ---- Shapefile ---------------------------------------------------------------------------------

type UnzipSync = (typeof import('fflate'))['unzipSync'];

/**
 * The .dbf's text encoding: its .cpg says, else its language driver byte (0x4D: GBK,
 * what ArcGIS in China writes), else UTF-8 if its bytes are valid UTF-8, else GBK.
 * A .cpg's code page number is named the way TextDecoder knows it.
 */
function dbfEncoding(dbf: Uint8Array, cpg: string | undefined): string {
  const named = cpg
    ?.trim()
    .toLowerCase()
    .replace(/^ansi\s*/, '');
  if (named) {
    if (/^(936|cp936|gbk|gb2312|gb18030|x-gbk)$/.test(named)) return 'gbk';
    if (/^(65001|utf-?8)$/.test(named)) return 'utf-8';
    return /^\d+$/.test(named) ? `windows-${named}` : named;
  }
  if (dbf[29] === 0x4d) return 'gbk';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(dbf);
    return 'utf-8';
  } catch {
    return 'gbk';
  }
}

/** A .dbf value as plain data: a date as yyyy-mm-dd (parsedbf makes local dates), a blank number as null. */
function dbfValue(value: unknown): unknown {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value;
}

async function parseShapefile(data: Uint8Array, unzipSync: UnzipSync, shpName: string, fileName: string, report: Progress): Promise<ParsedFeatures> {
  const base = shpName.slice(0, -4).toLowerCase();
  const files = unzipSync(data, { filter: (f) => f.name.toLowerCase().startsWith(`${base}.`) && /\.(shp|dbf|prj|cpg)$/i.test(f.name) });
  const part = (ext: string) => Object.entries(files).find(([name]) => name.toLowerCase() === `${base}.${ext}`)?.[1];
  const shp = part('shp')!;
  const dbf = part('dbf');
  const prjBytes = part('prj');
  const cpgBytes = part('cpg');
  const prj = prjBytes ? new TextDecoder().decode(prjBytes).trim() || null : null;
  report(0.3);
  const shpjs = await import('shpjs');
  let geometries: (Geometry | null)[];
  try {
    // With a .prj, shpjs reprojects to WGS84 longitude/latitude (proj4); one proj4 cannot read leaves the coordinates as they are.
    geometries = shpjs.parseShp(shp, prj ?? undefined);
  } catch (e) {
    throw new Error(`Shapefile“${shpName}”的 .shp 文件已损坏，无法读取（${errorText(e)}）`);
  }
  if (geometries.length > MAX_IMPORT_ROWS) throw new Error(tooManyRowsMessage(fileName, '个要素'));
  let records: Record<string, unknown>[] = [];
  if (dbf) {
    try {
      records = shpjs.parseDbf(dbf, dbfEncoding(dbf, cpgBytes && new TextDecoder().decode(cpgBytes)));
    } catch (e) {
      throw new Error(`Shapefile“${shpName}”的属性表（.dbf）已损坏，无法读取（${errorText(e)}）`);
    }
    if (records.length !== geometries.length) {
      throw new Error(`Shapefile“${shpName}”的图形（.shp，${geometries.length} 个）与属性表（.dbf，${records.length} 条）数量不一致：文件可能不完整`);
    }
  }
  report(0.9);
  const features: Feature[] = geometries.map((geometry, i) => ({
    type: 'Feature',
    geometry: geometry as Geometry,
    properties: Object.fromEntries(Object.entries(records[i] ?? {}).map(([k, v]) => [k, dbfValue(v)])),
  }));
  return { kind: 'features', format: 'shapefile', features, fields: fieldsOf(features), crs: prj };
}

// ---- GeoJSON and KML -------------------------------------------------------------------------------

/** Every property name of the features, in first-seen order. */
function fieldsOf(features: readonly Feature[]): string[] {
  const fields = new Set<string>();
  for (const f of features) for (const key of Object.keys(f.properties ?? {})) fields.add(key);
  return [...fields];
}

const GEOMETRY_TYPES = ['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection'];
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseGeoJson(text: string, fileName: string): ParsedFeatures {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`文件“${fileName}”不是有效的 JSON（${errorText(e)}）`);
  }
  const notGeoJson = `文件“${fileName}”是 JSON，但不是 GeoJSON：应为要素集合（FeatureCollection）、要素（Feature）或几何对象`;
  if (!isObject(json)) throw new Error(notGeoJson);
  let members: unknown[];
  if (json.type === 'FeatureCollection' && Array.isArray(json.features)) members = json.features;
  else if (json.type === 'Feature') members = [json];
  else if (typeof json.type === 'string' && GEOMETRY_TYPES.includes(json.type)) members = [{ type: 'Feature', properties: {}, geometry: json }];
  else throw new Error(notGeoJson);
  if (members.length > MAX_IMPORT_ROWS) throw new Error(tooManyRowsMessage(fileName, '个要素'));
  const features = members.map((f, i): Feature => {
    if (!isObject(f) || f.type !== 'Feature') throw new Error(`文件“${fileName}”的第 ${i + 1} 个要素不是 GeoJSON 要素（Feature）`);
    // Geometry is checked by the validation, which says what is wrong with each feature.
    return { type: 'Feature', geometry: (f.geometry ?? null) as Geometry, properties: isObject(f.properties) ? f.properties : {} };
  });
  // The 2008 GeoJSON's named crs (RFC 7946 dropped it), e.g. urn:ogc:def:crs:EPSG::4490.
  const crs = isObject(json.crs) && isObject(json.crs.properties) && typeof json.crs.properties.name === 'string' ? json.crs.properties.name : null;
  return { kind: 'features', format: 'geojson', features, fields: fieldsOf(features), crs };
}

async function parseKml(text: string, fileName: string, report: Progress): Promise<ParsedFeatures> {
  // A Web Worker has no DOMParser: xmldom's reads the XML the same everywhere.
  const [{ DOMParser }, { kml }] = await Promise.all([import('@xmldom/xmldom'), import('@tmcw/togeojson')]);
  let doc: ReturnType<InstanceType<typeof DOMParser>['parseFromString']>;
  try {
    const parser = new DOMParser({
      onError(level, message) {
        if (level !== 'warning') throw new Error(message);
      },
    });
    doc = parser.parseFromString(text, 'text/xml');
  } catch (e) {
    throw new Error(`文件“${fileName}”不是完整有效的 XML，无法作为 KML 读取（${errorText(e).split('\n')[0]}）`);
  }
  const root = doc.documentElement;
  if (!root || (root.localName ?? root.nodeName).toLowerCase() !== 'kml') {
    throw new Error(`文件“${fileName}”是 XML，但不是 KML（根元素为 <${root?.nodeName ?? '无'}>）`);
  }
  report(0.5);
  // togeojson gives a description written as HTML (CDATA) as { '@type': 'html', value }: its text is kept, as text.
  const features = (kml(doc).features as Feature[]).map((f) => ({
    ...f,
    properties: Object.fromEntries(Object.entries(f.properties ?? {}).map(([k, v]) => [k, isObject(v) && typeof v.value === 'string' ? v.value : v])),
  }));
  if (features.length > MAX_IMPORT_ROWS) throw new Error(tooManyRowsMessage(fileName, '个要素'));
  // KML is WGS84 by its specification (OGC 07-147r2): there is no other system it could say.
  return { kind: 'features', format: 'kml', features, fields: fieldsOf(features), crs: null };
}
