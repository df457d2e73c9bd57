// The legend of each layer, built from the same colour tables the map uses.

import type { LayerId } from '../data/types';
import { AQI_LEVELS, CONCENTRATION_BREAKPOINTS } from '../spatial/aqi';
import { NO_DATA_COLOUR } from './air_quality';
import type { LegendEntry } from './colours';
import {
  COUNTY_LINE,
  FIRE_COLOUR,
  OUTFALL_LEGEND,
  PARK_LEGEND,
  RESERVOIR_FILL,
  RIVER_COLOUR,
  WATER_CLASS_LEGEND,
} from './colours';

/** PM2.5 level bands as "0–35 优", "36–75 良" … for integer concentrations. */
function pm25Legend(): LegendEntry[] {
  const bp = CONCENTRATION_BREAKPOINTS.pm25;
  return AQI_LEVELS.map((level, i) => ({
    label: i < AQI_LEVELS.length - 1 ? `${i === 0 ? 0 : bp[i] + 1}–${bp[i + 1]} ${level.name}` : `>${bp[i]} ${level.name}`,
    colour: level.color,
    shape: 'fill' as const,
  }));
}

export const LEGENDS: Record<LayerId, LegendEntry[]> = {
  counties: [{ label: '县级行政区界', colour: COUNTY_LINE, shape: 'line' }],
  rivers: [{ label: '河流', colour: RIVER_COLOUR, shape: 'line' }],
  reservoirs: [{ label: '水库水面', colour: RESERVOIR_FILL, shape: 'fill' }],
  outfalls: OUTFALL_LEGEND,
  parks: PARK_LEGEND,
  // Air stations take the colour of their latest day's AQI level (as in the grid's legend).
  stations: [{ label: '国控空气站（颜色为最新日 AQI 级别）', colour: AQI_LEVELS[1].color, shape: 'triangle' }, ...WATER_CLASS_LEGEND.map((e) => ({ ...e, label: `水质断面 ${e.label}` }))],
  'hotspot-grid': [...pm25Legend(), { label: '无数据（云遮挡）', colour: NO_DATA_COLOUR, shape: 'fill' }],
  'fire-points': [{ label: '卫星火点', colour: FIRE_COLOUR, shape: 'dot' }],
};
