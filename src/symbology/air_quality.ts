// How air-quality values are named and shown. The level colours themselves are
// in spatial/aqi.ts next to the breakpoints they belong to.

import type { Pollutant } from '../data/hotspot_grid_format';

/** Grey for cells the satellite could not see (cloud) and stations without a reading. */
export const NO_DATA_COLOUR = '#bdbdbd';

export const POLLUTANT_NAMES: Record<Pollutant, string> = { pm25: 'PM2.5', pm10: 'PM10', o3: 'O₃', no2: 'NO₂' };
