// Colours and legend entries shared by the map layers (src/map) and the legends
// in the layer panel (src/ui), so that a swatch and the pixels it explains can
// never drift apart.

import {
  ENTERPRISE_INDUSTRIES,
  OUTFALL_CATEGORIES,
  PARK_WASTEWATER_STATUSES,
  PROTECTION_LEVELS,
  REMEDIATION_STATUSES,
  RETROFIT_STATUSES,
  UNFILLED,
  WATER_CLASSES,
} from '../data/types';
import type {
  EnterpriseIndustry,
  OutfallCategory,
  ParkWastewaterStatus,
  ProtectionLevel,
  RemediationStatus,
  RetrofitStatus,
  Unfilled,
  WaterClass,
} from '../data/types';

export interface LegendEntry {
  label: string;
  colour: string;
  /** How the swatch is drawn: a filled square, a line, a dot, a ring (an outline around a dot), or a symbol shape. */
  shape: 'fill' | 'line' | 'dot' | 'ring' | 'triangle' | 'diamond' | 'square' | 'hexagon' | 'house';
}

export const OUTFALL_CATEGORY_COLOURS: Record<OutfallCategory, string> = {
  工业排污口: '#d7301f',
  城镇污水处理厂排污口: '#6a3d9a',
  农业排口: '#33a02c',
  其他排口: '#1f78b4',
};

/**
 * 按整治状态: an outfall's remediation status. Not-started orange and under-way blue, so the red
 * that flags an overdue one (OUTFALL_OVERDUE_COLOUR, a ring) stands out from both; 未填 grey.
 */
export const OUTFALL_STATUS_COLOURS: Record<RemediationStatus | Unfilled, string> = {
  未启动: '#f28e2b',
  整治中: '#2f7fc1',
  已完成: '#2e9e4f',
  [UNFILLED]: '#9a9a9a',
};

/** The ring around an outfall past its remediation deadline and not done (逾期). */
export const OUTFALL_OVERDUE_COLOUR = '#e3120b';

/** Wastewater-treatment status of a chemical park, from done (green) to not yet (red). */
export const PARK_STATUS_COLOURS: Record<ParkWastewaterStatus, string> = {
  已建成专业化工废水处理设施: '#1a9850',
  依托骨干企业处理: '#66bd63',
  已建成待调试运行: '#fdae61',
  在建: '#d73027',
};

/** GB 3838-2002 surface water classes, in the colours Chinese water bulletins use. */
export const WATER_CLASS_COLOURS: Record<WaterClass, string> = {
  I: '#3ec6f0',
  II: '#1f6fd1',
  III: '#2ca02c',
  IV: '#f0c419',
  V: '#f07f19',
  劣V: '#d62728',
};

/** Ultra-low-emission retrofit of a key enterprise: done and published (green) or not yet (red). */
export const RETROFIT_STATUS_COLOURS: Record<RetrofitStatus, string> = {
  已完成并公示: '#1a9850',
  未完成: '#d73027',
};

/** The symbol of each industry of the key enterprises (icons drawn in src/layers/icons.ts). */
export const ENTERPRISE_INDUSTRY_SHAPES: Record<EnterpriseIndustry, 'square' | 'hexagon' | 'house'> = {
  钢铁: 'square',
  焦化: 'hexagon',
  水泥: 'house',
};

export const RIVER_COLOUR = '#2b7bd6';
export const RESERVOIR_FILL = '#8ec5f2';
export const COUNTY_LINE = '#6f6a5d';
export const FIRE_COLOUR = '#ff5a00';

/** Drinking-water source protection zones: the stricter 一级 darker. */
export const PROTECTION_ZONE_COLOURS: Record<ProtectionLevel, string> = {
  一级: '#c2185b',
  二级: '#f06292',
};

export const PROTECTION_ZONE_LEGEND: LegendEntry[] = PROTECTION_LEVELS.map((level) => ({
  label: `${level}保护区（演示）`,
  colour: PROTECTION_ZONE_COLOURS[level],
  shape: 'fill',
}));

export const OUTFALL_LEGEND: LegendEntry[] = OUTFALL_CATEGORIES.map((c) => ({
  label: c,
  colour: OUTFALL_CATEGORY_COLOURS[c],
  shape: 'dot',
}));

export const OUTFALL_STATUS_LEGEND: LegendEntry[] = [
  ...[...REMEDIATION_STATUSES, UNFILLED as Unfilled].map((s) => ({
    label: s === UNFILLED ? '整治状态未填' : s,
    colour: OUTFALL_STATUS_COLOURS[s],
    shape: 'dot' as const,
  })),
  { label: '逾期未完成（红圈）', colour: OUTFALL_OVERDUE_COLOUR, shape: 'ring' },
];

export const PARK_LEGEND: LegendEntry[] = PARK_WASTEWATER_STATUSES.map((s) => ({
  label: s,
  colour: PARK_STATUS_COLOURS[s],
  shape: 'fill',
}));

export const WATER_CLASS_LEGEND: LegendEntry[] = WATER_CLASSES.map((c) => ({
  label: `${c}类`,
  colour: WATER_CLASS_COLOURS[c],
  shape: 'diamond',
}));

/** Shapes by industry (in a neutral grey), then colours by retrofit status. */
export const ENTERPRISE_LEGEND: LegendEntry[] = [
  ...ENTERPRISE_INDUSTRIES.map((i) => ({ label: i, colour: '#6b6b6b', shape: ENTERPRISE_INDUSTRY_SHAPES[i] })),
  ...RETROFIT_STATUSES.map((s) => ({ label: `超低排放改造${s}`, colour: RETROFIT_STATUS_COLOURS[s], shape: 'fill' as const })),
];
