// What an outfall's card needs beyond its own record: navigation links, the
// water section downstream, its inspections and the inspection actions.

import type { FeatureCollection } from 'geojson';
import type { StationFeature, WaterSectionProperties } from '../data/types';
import { findDownstreamSection } from '../spatial/downstream_section';
import type { NamedLineFeature } from '../spatial/downstream_section';
import { navigationLinks } from '../spatial/navigation_links';
import type { AppState } from '../state/app_state';
import type { OutfallExtrasServices } from '../ui/feature_card/OutfallExtras';
import type { InspectionServices } from './inspections';

function collection(state: AppState, id: 'stations' | 'rivers'): FeatureCollection | null {
  const status = state.layerStatus.value[id];
  return status.state === 'ready' && status.layer.kind === 'geojson' ? status.layer.collection : null;
}

/** "2025年9月" for the i-th month of a section's series. */
function monthLabel(p: WaterSectionProperties, i: number): string {
  const [year, month] = p.startMonth.split('-').map(Number);
  const m = month - 1 + i;
  return `${year + Math.floor(m / 12)}年${(m % 12) + 1}月`;
}

export function createOutfallExtras(state: AppState, inspections: InspectionServices): OutfallExtrasServices {
  return {
    navigationLinks: (o) => navigationLinks(o.lon, o.lat, o.name),
    downstreamSection(o) {
      const stations = collection(state, 'stations');
      const rivers = collection(state, 'rivers');
      if (!stations || !rivers) return null;
      const found = findDownstreamSection(o, stations.features as StationFeature[], rivers.features as NamedLineFeature[]);
      if (!found) return null;
      const p = found.section.properties;
      const last = p.monthlyClass.length - 1;
      return { name: p.name, latestClass: p.monthlyClass[last] ?? null, month: last >= 0 ? monthLabel(p, last) : null, distanceM: found.alongRiverM };
    },
    inspectionsFor: (code) =>
      state.inspections.value.filter((r) => r.outfallCode === code).sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
    position: () => {
      const p = state.position.peek();
      return p ? { lon: p.lon, lat: p.lat, accuracyM: p.accuracyM } : null;
    },
    save: (draft, photos) => inspections.save(draft, photos),
    retry: (uuid) => inspections.retry(uuid),
  };
}
