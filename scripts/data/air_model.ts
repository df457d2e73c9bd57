// Ties the city series, the spatial field and the daily weather together into one
// function: concentration of a pollutant on a day at a place. Scaled so that the mean
// of the five national air stations on each day is exactly the city series (each station
// weighs one fifth, 石龙区 included), which is how the report's figures hold for the
// stations; the grid then reads what the field gives elsewhere, lower in the countryside
// and the mountains than at the stations, higher at the plants.
import { POLLUTANTS, type Pollutant } from '../../src/data/hotspot_grid_format.ts';
import { cityDailySeries, type CitySeries } from './air_series.ts';
import { regionalAt, tiltAt, type AirField, type DailyWeather, type PlaceFactors } from './air_field.ts';
import type { AirSite } from './air_sites.ts';
import { DAYS } from './calendar.ts';
import type { LonLat } from './geo.ts';

/** How much of the regional blobs each pollutant follows: the particles fully, NO2 (local) half, ozone a little. */
const REGIONAL_WEIGHT: Record<Pollutant, number> = { pm25: 1, pm10: 1, no2: 0.5, o3: 0.4 };

export class AirModel {
  readonly city: CitySeries;
  private readonly scale: Record<Pollutant, Float64Array>;

  constructor(
    readonly sites: AirSite[],
    readonly field: AirField,
    readonly weather: DailyWeather,
  ) {
    this.city = cityDailySeries();
    const siteFactors = sites.map((s) => field.at(s.at));
    this.scale = Object.fromEntries(POLLUTANTS.map((p) => [p, new Float64Array(DAYS)])) as Record<Pollutant, Float64Array>;
    for (const p of POLLUTANTS) {
      for (let d = 0; d < DAYS; d++) {
        const mean = sites.reduce((a, s, i) => a + this.shape(p, d, s.at, siteFactors[i], regionalAt(weather, d, s.at)), 0) / sites.length;
        this.scale[p][d] = this.city.series[p][d] / mean;
      }
    }
  }

  /** The field's relative value of p on day d at a place (before scaling to the city series). */
  private shape(p: Pollutant, d: number, at: LonLat, f: PlaceFactors, regional: number): number {
    const local = Math.max(0.5, 1 + this.weather.contrast[d] * f.local[p]);
    const blobs = Math.max(0.6, 1 + REGIONAL_WEIGHT[p] * regional);
    return f.background[p] * local * blobs * tiltAt(this.weather, d, at);
  }

  /** Concentration (µg/m³, unrounded) of p on day d at a place; `factors` and `regional` may be given when known. */
  value(p: Pollutant, d: number, at: LonLat, factors = this.field.at(at), regional = regionalAt(this.weather, d, at)): number {
    return this.scale[p][d] * this.shape(p, d, at, factors, regional);
  }
}
