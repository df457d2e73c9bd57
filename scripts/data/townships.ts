// Township names (real) with approximate centres, from scripts/sources/townships.json.
import { readFileSync } from 'node:fs';
import { distanceM, type LonLat } from './geo.ts';

export interface Township {
  name: string;
  countyCode: string;
  at: LonLat;
  /** 2 for county seats and urban streets (denser outfalls), 1 otherwise. */
  weight: number;
}

export function loadTownships(): Township[] {
  const raw = JSON.parse(readFileSync(new URL('../sources/townships.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  const out: Township[] = [];
  for (const [countyCode, list] of Object.entries(raw)) {
    if (countyCode.startsWith('_')) continue;
    for (const [name, lon, lat, weight] of list as [string, number, number, number][]) out.push({ name, countyCode, at: [lon, lat], weight });
  }
  return out;
}

/** Nearest township centre within the given county (townships never cross county lines). */
export function nearestTownship(townships: Township[], countyCode: string, p: LonLat): Township {
  let best: Township | null = null;
  let bestD = Infinity;
  for (const t of townships) {
    if (t.countyCode !== countyCode) continue;
    const d = distanceM(p, t.at);
    if (d < bestD) {
      bestD = d;
      best = t;
    }
  }
  if (!best) throw new Error(`no townships for county ${countyCode}`);
  return best;
}
