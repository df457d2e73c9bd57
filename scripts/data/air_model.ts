// Ties the city series, the spatial factor and the daily tilt together into one
// function: concentration of a pollutant on a day at a place. Scaled so that the
// mean of the air stations on each day is exactly the city series, which is how
// the station series and the grid stay consistent and the report's figures hold.
import { POLLUTANTS, type Pollutant } from '../../src/data/hotspot_grid_format.ts';
import { cityDailySeries, type CitySeries } from './air_series.ts';
import { dailyTilts, spatialFactor, tiltAt, type DailyTilt } from './air_field.ts';
import type { AirSite } from './air_sites.ts';
import { DAYS } from './calendar.ts';
import { distanceM, type LonLat } from './geo.ts';

/**
 * Grid mean over station mean for PM. The stations sit in the town and in 石龙区,
 * both above the countryside, so the report's 36/65 (a station figure) must come
 * out a little lower over the whole grid: 1.5 % keeps both well within 2 µg/m³ of the report.
 */
export const GRID_TO_STATION_PM = 0.985;

/** Radius (km) around stations inside which the countryside correction fades to nothing. */
const STATION_NEIGHBOURHOOD_KM = 12;

export class AirModel {
  readonly city: CitySeries;
  private readonly tilts: DailyTilt;
  private readonly scale: Record<Pollutant, Float64Array>;
  private readonly rural: Record<Pollutant, number>;

  /** `samples`: places that represent the city evenly (the grid's cell centres). */
  constructor(
    readonly sites: AirSite[],
    samples: LonLat[],
  ) {
    this.city = cityDailySeries();
    this.tilts = dailyTilts();
    this.rural = { pm25: 0, pm10: 0, o3: 0, no2: 0 };
    for (const p of ['pm25', 'pm10'] as const) {
      // Solve for the countryside uplift k so that mean(F·(1+k·u)) = ratio · mean over stations.
      const sta = sites.reduce((a, s) => a + this.factor(p, s.at), 0) / sites.length;
      let fSum = 0;
      let fuSum = 0;
      for (const at of samples) {
        const f = spatialFactor(p, at);
        fSum += f;
        fuSum += f * this.remoteness(at);
      }
      this.rural[p] = (GRID_TO_STATION_PM * sta * samples.length - fSum) / fuSum;
    }
    this.scale = Object.fromEntries(POLLUTANTS.map((p) => [p, new Float64Array(DAYS)])) as Record<Pollutant, Float64Array>;
    for (const p of POLLUTANTS) {
      for (let d = 0; d < DAYS; d++) {
        const mean = sites.reduce((a, s) => a + this.factor(p, s.at) * tiltAt(this.tilts, d, s.at), 0) / sites.length;
        this.scale[p][d] = this.city.series[p][d] / mean;
      }
    }
  }

  /** 0 at a station, rising to 1 in the open countryside. */
  private remoteness(at: LonLat): number {
    const dKm = Math.min(...this.sites.map((s) => distanceM(at, s.at))) / 1000;
    return 1 - Math.exp(-((dKm / STATION_NEIGHBOURHOOD_KM) ** 2));
  }

  factor(p: Pollutant, at: LonLat): number {
    const k = this.rural[p];
    return spatialFactor(p, at) * (k === 0 ? 1 : 1 + k * this.remoteness(at));
  }

  /** Concentration (µg/m³, unrounded) of p on day d at a place. */
  value(p: Pollutant, d: number, at: LonLat, factor = this.factor(p, at)): number {
    return this.scale[p][d] * factor * tiltAt(this.tilts, d, at);
  }
}
