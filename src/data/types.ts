// The shapes of the data set under data/: the contract between the generator
// (scripts/generate-data.ts), the loaders in src/data and the map. data/README.md
// documents every field in prose; keep the two in step.

import type { Feature, LineString, MultiLineString, MultiPolygon, Point, Polygon } from 'geojson';
import type { GridChunk } from './hotspot_grid_format';

/**
 * A layer's id: the manifest's `id` and the key of the layer in the app state. The
 * built-in layers' ids are constants in their modules (src/layers/); any other id
 * a data set brings is shown as a generic layer.
 */
export type LayerId = string;

/** One entry of data/manifest.json. */
export interface ManifestLayer {
  id: LayerId;
  /** Chinese title shown in the layer panel, e.g. 排污口. */
  title: string;
  /** File name relative to the manifest. */
  file: string;
  /** 'geojson' (RFC 7946 FeatureCollection) or 'pdsgrid' (binary grid, see hotspot_grid_format.ts). */
  format: 'geojson' | 'pdsgrid';
  /** Features in the file; for the grid, the number of cells. */
  featureCount: number;
  /** Size of the file's content in bytes (decoded, for a `.gz` file). */
  bytes: number;
  /** Lower-case hex SHA-256 of the file's content (after gzip decoding, for a `.gz` file: see transfer.ts). */
  hash: string;
  /** A chunked grid: `file` is its index (header and cells) and the values are in these files. */
  chunks?: GridChunk[];
}

export interface Manifest {
  /** Always true for the generated set: the UI shows the 演示数据 badge. */
  demo: boolean;
  /** The last day the data covers (ISO date), shown as the data's date. */
  dataDate: string;
  /** Human-readable name of the data set. */
  name: string;
  layers: ManifestLayer[];
}

// ---- counties ---------------------------------------------------------------

export interface CountyProperties {
  /** GB/T 2260 code, e.g. "410404". */
  code: string;
  /** e.g. 石龙区 */
  name: string;
}
export type CountyFeature = Feature<Polygon | MultiPolygon, CountyProperties>;

// ---- rivers and reservoirs -------------------------------------------------

/**
 * 主要河流: the six rivers of the city's 六河三库; 支流: the tributaries the whole-basin
 * survey (全流域排查) also covered, drawn thinner and labelled smaller.
 */
export const RIVER_CLASSES = ['主要河流', '支流'] as const;
export type RiverClass = (typeof RIVER_CLASSES)[number];

export interface RiverProperties {
  /** Stable id, e.g. "shahe". */
  id: string;
  name: string;
  /** Absent in data sets made before the tributaries: read as 主要河流. */
  class?: RiverClass;
  /** Where the geometry comes from: 'GSHHG WDBII' or '手工数字化'. */
  source: string;
}
/** Digitised from source to mouth; a MultiLineString where the river is interrupted by a reservoir (it ends at the inlet and starts again at the dam). */
export type RiverFeature = Feature<LineString | MultiLineString, RiverProperties>;

export interface ReservoirProperties {
  id: string;
  name: string;
  /** River the reservoir dams. */
  river: string;
  source: string;
  /** Water area at the normal pool level (正常蓄水位), km²; absent when not known. */
  areaKm2?: number;
}
export type ReservoirFeature = Feature<Polygon, ReservoirProperties>;

// ---- drinking-water source protection zones -----------------------------------

export const PROTECTION_LEVELS = ['一级', '二级'] as const;
export type ProtectionLevel = (typeof PROTECTION_LEVELS)[number];

/**
 * A drinking-water source protection zone (饮用水水源保护区). Outfalls are forbidden in it.
 * A 二级 outline encloses its 一级 zone: a point in both is in the 一级 zone.
 */
export interface ProtectionZoneProperties {
  id: string;
  /** e.g. 白龟山水库一级保护区（演示） */
  name: string;
  level: ProtectionLevel;
  /** The reservoir (water source) it protects. */
  reservoir: string;
  source: string;
}
export type ProtectionZoneFeature = Feature<Polygon | MultiPolygon, ProtectionZoneProperties>;

// ---- outfalls ---------------------------------------------------------------

export const OUTFALL_CATEGORIES = ['工业排污口', '城镇污水处理厂排污口', '农业排口', '其他排口'] as const;
export type OutfallCategory = (typeof OUTFALL_CATEGORIES)[number];

export const DISCHARGE_MODES = ['连续', '间歇', '雨季'] as const;
export type DischargeMode = (typeof DISCHARGE_MODES)[number];

export const REMEDIATION_MEASURES = ['取缔', '合并', '规范整治', '保留'] as const;
export type RemediationMeasure = (typeof REMEDIATION_MEASURES)[number];

export const REMEDIATION_STATUSES = ['未启动', '整治中', '已完成'] as const;
export type RemediationStatus = (typeof REMEDIATION_STATUSES)[number];

export const MONITORING_RESULTS = ['达标', '超标', '未检出'] as const;
export type MonitoringResult = (typeof MONITORING_RESULTS)[number];

/**
 * What an outfall record holds for a field its source did not have: an imported ledger
 * may lack 排放方式 or the 整治 columns. Not one of the field's values (a filter on 整治中
 * must not select it) and not blank (a card must say the ledger did not fill it). Dates a
 * ledger does not give are '' instead: nothing is before or after them.
 */
export const UNFILLED = '未填';
export type Unfilled = typeof UNFILLED;

/**
 * One surveyed outfall (入河排污口). GeoJSON properties are flat (MapLibre
 * filters and feature-state need flat values), so the four survey steps
 * 查-测-溯-治 are prefixed fields rather than nested objects.
 */
export interface OutfallProperties {
  /** Unique code, e.g. "PDS-SH-0001" style; see data/README.md. */
  code: string;
  name: string;
  category: OutfallCategory;
  subtype: string;
  /** Receiving water: one of the river or reservoir names. */
  river: string;
  /** GB/T 2260 code of the county-level unit. */
  countyCode: string;
  countyName: string;
  township: string;
  lon: number;
  lat: number;
  /** UNFILLED when the imported ledger does not say. */
  dischargeMode: DischargeMode | Unfilled;
  responsibleUnit: string;
  /** ISO date the outfall was found (查); '' when the imported ledger does not say. */
  surveyDate: string;
  /** 测: sampled or not, and the result. */
  monitored: boolean;
  monitoringDate: string | null;
  monitoringResult: MonitoringResult | null;
  /** 溯: source identified or not, and what it is. */
  traced: boolean;
  sourceDescription: string | null;
  /** 治; UNFILLED when the imported ledger does not say. */
  remediationMeasure: RemediationMeasure | Unfilled;
  remediationStatus: RemediationStatus | Unfilled;
  /** ISO date by which remediation is due; '' when the imported ledger does not say (never overdue). */
  remediationDeadline: string;
  /** Id of the chemical park the outfall lies in, or null. */
  parkId: string | null;
}
export type OutfallFeature = Feature<Point, OutfallProperties>;

/** The Chinese name of each field of the outfall record: in cards, search results, validation messages and exports. */
export const OUTFALL_FIELD_LABELS: Record<keyof OutfallProperties, string> = {
  code: '编码',
  name: '名称',
  category: '类别',
  subtype: '子类',
  river: '受纳水体',
  countyCode: '区县代码',
  countyName: '所在县区',
  township: '乡镇',
  lon: '经度',
  lat: '纬度',
  dischargeMode: '排放方式',
  responsibleUnit: '责任主体',
  surveyDate: '排查日期',
  monitored: '是否监测',
  monitoringDate: '监测日期',
  monitoringResult: '监测结果',
  traced: '是否溯源',
  sourceDescription: '溯源结果',
  remediationMeasure: '整治措施',
  remediationStatus: '整治状态',
  remediationDeadline: '整治期限',
  parkId: '所在园区',
};

// ---- chemical parks ----------------------------------------------------------

/** The four wastewater-treatment statuses of a chemical park, from done to not yet (data/README.md). */
export const PARK_WASTEWATER_STATUSES = ['已建成专业化工废水处理设施', '依托骨干企业处理', '已建成待调试运行', '在建'] as const;
export type ParkWastewaterStatus = (typeof PARK_WASTEWATER_STATUSES)[number];

export interface ParkProperties {
  id: string;
  name: string;
  countyCode: string;
  countyName: string;
  wastewaterStatus: ParkWastewaterStatus;
  /** Name of the treatment facility. */
  facility: string;
  /** Expected completion (ISO month) for parks still building, else null. */
  expectedCompletion: string | null;
  /** Enterprises in the park (demo figure). */
  enterprises: number;
  /** Of those, how many send their wastewater to a working treatment facility (demo figure). */
  enterprisesConnected: number;
}
export type ParkFeature = Feature<Polygon, ParkProperties>;

// ---- key polluting enterprises ----------------------------------------------

/** The industries of the report's ultra-low-emission retrofits (超低排放改造), in its order. */
export const ENTERPRISE_INDUSTRIES = ['钢铁', '焦化', '水泥'] as const;
export type EnterpriseIndustry = (typeof ENTERPRISE_INDUSTRIES)[number];

/** State of an enterprise's ultra-low-emission retrofit: done and published (公示), or not yet. */
export const RETROFIT_STATUSES = ['已完成并公示', '未完成'] as const;
export type RetrofitStatus = (typeof RETROFIT_STATUSES)[number];

/** A key polluting enterprise (重点排污单位). */
export interface EnterpriseProperties {
  id: string;
  name: string;
  industry: EnterpriseIndustry;
  /** 超低排放改造 */
  retrofitStatus: RetrofitStatus;
  countyCode: string;
  countyName: string;
  township: string;
  /** The industrial area it lies in (a chemical park, a steel base, a mining town), as text. */
  site: string;
}
export type EnterpriseFeature = Feature<Point, EnterpriseProperties>;

// ---- national stations -------------------------------------------------------

/** GB 3838-2002 surface water classes, best first: the order is what "worse than the target" means. */
export const WATER_CLASSES = ['I', 'II', 'III', 'IV', 'V', '劣V'] as const;
export type WaterClass = (typeof WATER_CLASSES)[number];

/** Whether a measured class is worse than the section's target class. */
export function isWorseClass(actual: WaterClass, target: WaterClass): boolean {
  return WATER_CLASSES.indexOf(actual) > WATER_CLASSES.indexOf(target);
}

export interface AirStationProperties {
  kind: 'air';
  id: string;
  name: string;
  countyCode: string;
  countyName: string;
  /** First day of the daily series (ISO date). */
  startDate: string;
  /** Daily means in µg/m³ (O3 is the daily max 8-h mean); null = no data. JSON-encoded arrays in GeoJSON properties would be strings in MapLibre, so the series are plain arrays here and loaders keep them. */
  pm25: (number | null)[];
  pm10: (number | null)[];
  o3: (number | null)[];
  no2: (number | null)[];
}

export interface WaterSectionProperties {
  kind: 'water';
  id: string;
  name: string;
  river: string;
  countyCode: string;
  countyName: string;
  /** 国控 or 省控 */
  level: '国控' | '省控';
  /** Target class the section is assessed against. */
  targetClass: WaterClass;
  /** Monthly classes, one per month from startMonth. */
  startMonth: string;
  monthlyClass: WaterClass[];
}
export type StationFeature = Feature<Point, AirStationProperties | WaterSectionProperties>;

// ---- fire points -------------------------------------------------------------

export interface FirePointProperties {
  id: string;
  /** ISO date-time (UTC+8) of the satellite pass. */
  time: string;
  /** Day, ISO date, for filtering. */
  date: string;
  satellite: string;
  /** Detection confidence 0–100. */
  confidence: number;
  /** Fire radiative power, MW. */
  frp: number;
  countyCode: string;
  countyName: string;
  landCover: string;
}
export type FirePointFeature = Feature<Point, FirePointProperties>;

