// The rows of a parsed ledger checked one by one and made into outfall records. Every
// row read is accepted or rejected with its reasons in Chinese, never dropped; an
// accepted record passes the outfall layer's own checks (src/layers/outfalls.ts), so
// the app loads it again as it was imported.
//
// The file decides what it says; the map fills what it does not: the county from the
// county polygon holding the point (the file's own county name wins if it is one of the
// city's), the township from a townships layer, the chemical park from the parks. A
// field the ledger has no column for is UNFILLED (未填), a date it does not give is '',
// and 是否监测 / 是否溯源 are false unless a result says otherwise: see src/data/types.ts.

import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { UNFILLED } from '../data/types';
import type { CountyFeature, OutfallCategory, OutfallFeature, OutfallProperties } from '../data/types';
import { outfallsLayer } from '../layers/outfalls';
import { IMPORT_FIELD_LABELS, missingRequiredFields } from './column_mapping';
import { isOnGlobe, looksSwapped, parseCoordinatePair, parseDegrees, toWgs84 } from './coordinates';
import type { LonLat } from './coordinates';
import {
  SUBTYPE_CATEGORIES,
  compactText,
  propertyText,
  readCategory,
  readDate,
  readDeadline,
  readDischargeMode,
  readMeasure,
  readMonitoringResult,
  readStatus,
  readYesNo,
} from './ledger_values';
import type { ImportField, OutfallImportContext, OutfallImportOptions, OutfallValidation, ParsedFile, RejectedRow } from './types';

interface SourceRow {
  row: number;
  values: Record<string, string>;
  /** The feature's geometry, for a file of features. */
  geometry?: Feature['geometry'];
}

/** Each row (or feature) as its column texts, with its number in the file. */
function sourceRows(parsed: ParsedFile): SourceRow[] {
  if (parsed.kind === 'table') {
    // fromEntries: a header named __proto__ stays a plain key.
    return parsed.rows.map((cells, i) => ({ row: parsed.rowNumbers[i], values: Object.fromEntries(parsed.headers.map((h, c) => [h, cells[c] ?? ''])) }));
  }
  return parsed.features.map((f, i) => ({
    row: i + 1,
    values: Object.fromEntries(parsed.fields.map((name) => [name, propertyText(f.properties?.[name])])),
    geometry: f.geometry,
  }));
}

type Area = Feature<Polygon | MultiPolygon>;

/** The area holding a point: a bounding-box test first, the polygon test only for the few boxes that hold it. */
function locator<T extends Area>(areas: readonly T[]): (lon: number, lat: number) => T | null {
  const boxes = areas.map((area) => {
    const box = [Infinity, Infinity, -Infinity, -Infinity];
    const rings: Position[][] = area.geometry.type === 'Polygon' ? area.geometry.coordinates : area.geometry.coordinates.flat();
    for (const ring of rings) {
      for (const [x, y] of ring) {
        box[0] = Math.min(box[0], x);
        box[1] = Math.min(box[1], y);
        box[2] = Math.max(box[2], x);
        box[3] = Math.max(box[3], y);
      }
    }
    return box;
  });
  return (lon, lat) => {
    for (let i = 0; i < areas.length; i++) {
      const [w, s, e, n] = boxes[i];
      if (lon >= w && lon <= e && lat >= s && lat <= n && booleanPointInPolygon([lon, lat], areas[i])) return areas[i];
    }
    return null;
  };
}

/** A place's name without its kind (宝丰县 → 宝丰, 焦店镇 → 焦店), for names written short. */
const shortName = (name: string, kinds: RegExp): string => {
  const short = name.replace(kinds, '');
  // 叶县 without 县 is one character, which names nothing for sure.
  return short.length >= 2 ? short : name;
};

/** The county a text names: its code, its name, its name without 县/区/市, or "平顶山市宝丰县". */
function countyMatcher(counties: readonly CountyFeature[]): (text: string) => CountyFeature | null {
  return (text) => {
    const t = compactText(text);
    if (t === '') return null;
    return counties.find(({ properties: { code, name } }) => t === code || t === name || t === shortName(name, /(县|区|市)$/) || t.endsWith(name)) ?? null;
  };
}

const TOWNSHIP_KINDS = /(镇|乡|街道|街道办事处|办事处)$/;

/** A number as a message shows it: to 6 decimals (0.1 m), and 1e+308 as such (toFixed writes large numbers in exponent form). */
const fmt = (x: number): string => String(Number(x.toFixed(6)));
const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/** Check each row of the file and make the accepted ones into outfall records; throws (Chinese) if the mapping cannot be used at all. */
export function validateOutfalls(parsed: ParsedFile, options: OutfallImportOptions, context: OutfallImportContext): OutfallValidation {
  const { mapping } = options;
  const missing = missingRequiredFields(mapping, parsed.kind);
  if (missing.length > 0) throw new Error(`还没有指定这些字段对应的列：${missing.join('、')}`);
  const columns = parsed.kind === 'table' ? parsed.headers : parsed.fields;
  for (const [field, column] of Object.entries(mapping) as [ImportField, string | undefined][]) {
    if (column !== undefined && !columns.includes(column)) throw new Error(`“${IMPORT_FIELD_LABELS[field]}”对应的列“${column}”不在文件中`);
  }
  if (context.counties.length === 0) throw new Error('县区边界尚未加载，无法检查排污口的位置');
  const countyAt = locator(context.counties);
  const countyNamed = countyMatcher(context.counties);
  const townshipAt = context.townships?.length ? locator(context.townships) : null;
  const townshipNames = new Map<string, string>();
  for (const { properties } of context.townships ?? []) {
    townshipNames.set(compactText(properties.name), properties.name);
    townshipNames.set(shortName(compactText(properties.name), TOWNSHIP_KINDS), properties.name);
  }
  const parkAt = context.parks?.length ? locator(context.parks) : null;
  const categoryMap = options.categoryMap ?? {};
  const mapped = Object.entries(mapping).filter((e): e is [ImportField, string] => e[1] !== undefined);
  const byColumn = parsed.kind === 'table' || mapping.lon || mapping.coordinates;

  const accepted: OutfallFeature[] = [];
  const rejected: RejectedRow[] = [];
  const firstRowOf = new Map<string, number>();
  const unknown = new Map<string, number>();
  const pointsRead: LonLat[] = [];
  const rows = sourceRows(parsed);

  for (const source of rows) {
    const text = (field: ImportField): string => {
      const column = mapping[field];
      return column === undefined ? '' : (source.values[column] ?? '').trim();
    };
    const reject = (reasons: string[]) => rejected.push({ row: source.row, values: source.values, reason: reasons.join('；') });

    // A formula with no cached result: the value Excel would show is not in the file.
    if (parsed.format === 'xlsx') {
      const formulas = mapped.filter(([, column]) => (source.values[column] ?? '').startsWith('='));
      if (formulas.length > 0) {
        reject(formulas.map(([, column]) => `“${column}”是没有计算结果的公式（${source.values[column]}）：请在 Excel 中打开、重新计算并保存后再导入`));
        continue;
      }
    }
    const reasons: string[] = [];

    const code = text('code');
    if (code === '') reasons.push('编码为空');
    else {
      const first = firstRowOf.get(code);
      if (first !== undefined) reasons.push(`编码“${code}”与第 ${first} 行重复（同一编码只取先出现的一行）`);
      else firstRowOf.set(code, source.row);
    }
    const name = text('name');
    if (name === '') reasons.push('名称为空');

    const categoryText = text('category');
    let category: OutfallCategory | null = null;
    if (categoryText === '') reasons.push('类别为空');
    else if (Object.hasOwn(categoryMap, categoryText)) {
      category = categoryMap[categoryText];
      if (category === null) reasons.push(`类别“${categoryText}”已设为不导入`);
    } else {
      category = readCategory(categoryText);
      if (!category) {
        reasons.push(`类别“${categoryText}”无法识别（应为 工业排污口、城镇污水处理厂排污口、农业排口、其他排口 之一）`);
        unknown.set(categoryText, (unknown.get(categoryText) ?? 0) + 1);
      }
    }

    // The position, as the file writes it.
    let read: LonLat | null = null;
    const geometry = source.geometry;
    if (geometry && geometry.type === 'Point') {
      const [x, y] = geometry.coordinates;
      if (typeof x === 'number' && typeof y === 'number' && Number.isFinite(x) && Number.isFinite(y)) read = [x, y];
      else reasons.push(`点的坐标不是有效数字（${JSON.stringify(geometry.coordinates)}）`);
    } else if (geometry) {
      reasons.push(`几何类型为 ${geometry.type}，排污口应为点（Point）`);
    } else if (!byColumn) {
      reasons.push('没有坐标（几何为空）');
    } else if (mapping.lon && mapping.lat) {
      const [lonText, latText] = [text('lon'), text('lat')];
      const lon = lonText === '' ? null : parseDegrees(lonText);
      const lat = latText === '' ? null : parseDegrees(latText);
      if (lonText === '') reasons.push('经度为空');
      else if (lon === null) reasons.push(`经度“${lonText}”无法识别`);
      if (latText === '') reasons.push('纬度为空');
      else if (lat === null) reasons.push(`纬度“${latText}”无法识别`);
      if (lon !== null && lat !== null) read = [lon, lat];
    } else {
      const pairText = text('coordinates');
      if (pairText === '') reasons.push('坐标为空');
      else {
        read = parseCoordinatePair(pairText);
        if (!read) reasons.push(`坐标“${pairText}”无法识别（应为“经度,纬度”）`);
      }
    }
    let lonLat: LonLat | null = null;
    let county: CountyFeature | null = null;
    if (read) {
      const [x, y] = options.swapLonLat ? [read[1], read[0]] : read;
      // Every point read counts for the swap test: swapped Chinese coordinates have a "latitude" over 90.
      pointsRead.push([x, y]);
      if (!isOnGlobe(x, y)) reasons.push(`坐标（${fmt(x)}, ${fmt(y)}）超出经纬度范围${isOnGlobe(y, x) ? '：经度和纬度可能填反了' : ''}`);
      else {
        const [lon, lat] = toWgs84(x, y, options.crs);
        lonLat = [round6(lon), round6(lat)];
        county = countyAt(lonLat[0], lonLat[1]);
        if (!county) reasons.push(`坐标（${fmt(x)}, ${fmt(y)}）不在平顶山市范围内：请检查坐标系（WGS84、GCJ-02 或 BD-09）或经纬度是否填反`);
      }
    }

    // The other fields: what the file says, if it says it in a way that can be read.
    const enumerated = <T>(field: ImportField, readValue: (t: string) => T | null, allowed: string): T | typeof UNFILLED => {
      const t = text(field);
      if (t === '') return UNFILLED;
      const value = readValue(t);
      if (value === null) reasons.push(`${IMPORT_FIELD_LABELS[field]}“${t}”无法识别（应为 ${allowed} 之一）`);
      return value ?? UNFILLED;
    };
    const dischargeMode = enumerated('dischargeMode', readDischargeMode, '连续、间歇、雨季');
    const remediationMeasure = enumerated('remediationMeasure', readMeasure, '取缔、合并、规范整治、保留');
    const remediationStatus = enumerated('remediationStatus', readStatus, '未启动、整治中、已完成');
    const date = (field: ImportField, readValue: (t: string) => string | null): string | null => {
      const t = text(field);
      if (t === '') return null;
      const value = readValue(t);
      if (value === null) reasons.push(`${IMPORT_FIELD_LABELS[field]}“${t}”不是有效日期（如 2025-09-16）`);
      return value;
    };
    const surveyDate = date('surveyDate', readDate) ?? '';
    const remediationDeadline = date('remediationDeadline', readDeadline) ?? '';
    const monitoringDate = date('monitoringDate', readDate);
    const resultText = text('monitoringResult');
    const monitoringResult = resultText === '' ? null : readMonitoringResult(resultText);
    if (resultText !== '' && monitoringResult === null) reasons.push(`监测结果“${resultText}”无法识别（应为 达标、超标、未检出 之一）`);
    const sourceDescription = text('sourceDescription') || null;
    const yesNo = (field: ImportField, otherwise: boolean): boolean => {
      // Not in the file: a monitoring result or a traced source says it was done.
      if (!mapping[field]) return otherwise;
      const t = text(field);
      const value = readYesNo(t);
      if (value === null) reasons.push(`${IMPORT_FIELD_LABELS[field]}“${t}”无法识别（应为 是 或 否）`);
      return value ?? false;
    };
    const monitored = yesNo('monitored', monitoringResult !== null || monitoringDate !== null);
    const traced = yesNo('traced', sourceDescription !== null);

    if (reasons.length > 0 || !lonLat || !county || !category) {
      reject(reasons);
      continue;
    }

    // The county the file names, if it is one of the city's (its code from the counties layer); else the one the point is in.
    const countyText = text('countyName');
    const namedCounty = countyText ? countyNamed(countyText) : null;
    const { code: countyCode, name: countyName } = (namedCounty ?? county).properties;
    const townshipText = text('township');
    const township =
      (townshipText &&
        (townshipNames.get(compactText(townshipText)) ?? townshipNames.get(shortName(compactText(townshipText), TOWNSHIP_KINDS)) ?? townshipText)) ||
      townshipAt?.(lonLat[0], lonLat[1])?.properties.name ||
      UNFILLED;
    const properties: OutfallProperties = {
      code,
      name,
      category,
      subtype: text('subtype') || (SUBTYPE_CATEGORIES[compactText(categoryText)] ? categoryText : UNFILLED),
      river: text('river') || UNFILLED,
      countyCode,
      countyName,
      township,
      lon: lonLat[0],
      lat: lonLat[1],
      dischargeMode,
      responsibleUnit: text('responsibleUnit') || UNFILLED,
      surveyDate,
      monitored,
      monitoringDate,
      monitoringResult,
      traced,
      sourceDescription,
      remediationMeasure,
      remediationStatus,
      remediationDeadline,
      parkId: parkAt?.(lonLat[0], lonLat[1])?.properties.id ?? null,
    };
    // The layer's own checks, which the app runs when it loads the layer: what passes here loads there.
    const problems = Object.entries(outfallsLayer.propertyChecks?.(properties as never) ?? {}).flatMap(([field, check]) => {
      const problem = check((properties as unknown as Record<string, unknown>)[field], properties as never);
      return problem ? [`${outfallsLayer.fieldLabels?.[field] ?? field}${problem}`] : [];
    });
    if (problems.length > 0) {
      reject(problems);
      continue;
    }
    accepted.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [lonLat[0], lonLat[1]] }, properties });
  }

  return {
    read: rows.length,
    accepted,
    rejected,
    swapSuspected: looksSwapped(pointsRead),
    unknownCategories: [...unknown].map(([text, count]) => ({ text, rows: count })).sort((a, b) => b.rows - a.rows || a.text.localeCompare(b.text, 'zh')),
  };
}
