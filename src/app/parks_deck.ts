// The built-in deck 化工园区污水处理设施覆盖情况, made from the data as it is loaded (never
// written by hand): an overview of the six parks with the 园区污水处理 panel, one slide per
// park (its outline and surroundings, status, plant, enterprises connected, outfalls
// inside and within 1 km, the section downstream), the key polluting enterprises'
// ultra-low-emission retrofits, and the hotspot grid's first view.

import { CITY_EXTENT } from '../data/city';
import type { Deck, Slide } from '../data/deck';
import type { GridHeader } from '../data/hotspot_grid_format';
import type { EnterpriseFeature, OutfallProperties, ParkFeature } from '../data/types';
import { summariseRetrofit } from '../spatial/enterprise_retrofit';
import { describePeriod, firstGridView, gridViewToParams } from '../layers/grid_view';
import { filterToParams } from '../spatial/filter/url';
import { BUILT_IN_DECK_ID } from '../state/app_state';
import { describeCategoryCounts, formatCoverage, outfallsAroundPark, parkCoverage, parkDischarge, summariseParks } from '../spatial/park_coverage';

export const PARKS_DECK_TITLE = '化工园区污水处理设施覆盖情况';

/** Layers a park slide leaves off: the air layers would hide the parks' surroundings. */
const AIR_LAYERS = ['hotspot-grid', 'fire-points'];
/** Around a park's outline on its slide: a little over the 1 km its outfalls are counted in. */
const PARK_MARGIN_DEG = 0.018;

export interface ParksDeckData {
  parks: readonly ParkFeature[];
  /** The key polluting enterprises, when the data has them: a slide of their retrofits. */
  enterprises: readonly EnterpriseFeature[];
  outfalls: readonly OutfallProperties[];
  /** The water section downstream of an outfall, read for a slide, or null. */
  downstream(outfall: OutfallProperties): { name: string; latestClass: string | null; month: string | null } | null;
  /** The grid's header when the grid is loaded: its slide shows the first view. */
  grid: GridHeader | null;
  /** Every layer id, so a slide can say which are off. */
  layerIds: readonly string[];
}

function query(params: Record<string, string>, hidden: readonly string[], layerIds: readonly string[]): string {
  const search = new URLSearchParams(params);
  const off = hidden.filter((id) => layerIds.includes(id));
  if (off.length > 0) search.set('lh', off.join(','));
  const text = search.toString();
  return text ? `?${text}` : '';
}

function bboxOf(features: readonly (ParkFeature | EnterpriseFeature)[], margin: number): [number, number, number, number] {
  const points = features.flatMap((f) => (f.geometry.type === 'Point' ? [f.geometry.coordinates] : f.geometry.coordinates.flat()));
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  return [Math.min(...xs) - margin, Math.min(...ys) - margin, Math.max(...xs) + margin, Math.max(...ys) + margin];
}

export function buildParksDeck(data: ParksDeckData): Deck {
  const { parks, outfalls, layerIds } = data;
  const summary = summariseParks(parks.map((p) => p.properties));
  const overview: Slide = {
    id: 'overview',
    title: PARKS_DECK_TITLE,
    subtitle: `全市 ${summary.parks} 个化工园区`,
    facts: [
      `已建成专业化工废水处理设施 ${summary.dedicated} 个 · 依托骨干企业处理 ${summary.enterprise} 个 · 尚未建成运行 ${summary.pending} 个`,
      `园区企业 ${summary.enterprises} 家，已接入处理设施 ${summary.enterprisesConnected} 家（覆盖率 ${formatCoverage(summary.coverage)}）`,
    ],
    camera: { bounds: bboxOf(parks, 0.06) },
    view: query({}, AIR_LAYERS, layerIds),
    panel: 'parks',
  };
  const parkSlides = parks.map((park): Slide => {
    const p = park.properties;
    const around = outfallsAroundPark(park, outfalls, 1000);
    const discharge = parkDischarge(p.id, outfalls);
    const section = discharge ? data.downstream(discharge) : null;
    const facts = [
      `处理设施：${p.facility}${p.expectedCompletion ? `（预计 ${p.expectedCompletion} 建成）` : ''}`,
      `园区企业 ${p.enterprises} 家，已接入处理设施 ${p.enterprisesConnected} 家（覆盖率 ${formatCoverage(parkCoverage(p))}）`,
      `园区内排污口 ${around.insideTotal} 个（${describeCategoryCounts(around.inside)}）`,
      `园区外 1 公里内排污口 ${around.nearTotal} 个（${describeCategoryCounts(around.near)}）`,
    ];
    if (section)
      facts.push(`下游水质断面：${section.name} ${section.latestClass ? `${section.latestClass}类` : '无数据'}${section.month ? `（${section.month}）` : ''}`);
    return {
      id: p.id,
      title: p.name,
      subtitle: `${p.countyName} · ${p.wastewaterStatus}`,
      facts,
      camera: { bounds: bboxOf([park], PARK_MARGIN_DEG) },
      // The outfalls in and within 1 km of the park stand out; the others fade (筛选's own filter, so the panel shows it too).
      view: query(filterToParams({ areas: [{ kind: 'within', layer: 'parks', id: p.id, distanceM: 1000 }] }), AIR_LAYERS, layerIds),
    };
  });
  const slides = [overview, ...parkSlides];
  if (data.enterprises.length > 0) {
    const retrofit = summariseRetrofit(data.enterprises.map((e) => e.properties));
    slides.push({
      id: 'enterprises',
      title: '重点排污单位超低排放改造',
      subtitle: `钢铁、焦化、水泥 ${retrofit.total} 家，已完成并公示 ${retrofit.done} 家`,
      facts: retrofit.rows.map((r) => `${r.industry}：${r.done} / ${r.total} 家已完成${r.notDone.length > 0 ? `，未完成：${r.notDone.join('、')}` : ''}`),
      camera: { bounds: bboxOf(data.enterprises, 0.05) },
      // Beside the grid's first view: the hotspots sit at the plants.
      view: query(data.grid ? gridViewToParams(data.grid, firstGridView(data.grid, null)) : {}, ['fire-points'], layerIds),
      panel: 'enterprises',
    });
  }
  if (data.grid) {
    const view = firstGridView(data.grid, null);
    slides.push({
      id: 'hotspot-grid',
      title: '卫星热点网格',
      subtitle: `${view.pollutant === 'pm25' ? 'PM2.5' : view.pollutant.toUpperCase()} · ${describePeriod(data.grid, view)} · 与全市均值相比`,
      facts: ['橙红色网格高于全市均值，描边网格高出 20% 以上；火点为同期秸秆焚烧卫星监测点。'],
      camera: { bounds: [CITY_EXTENT[0], CITY_EXTENT[1], CITY_EXTENT[2], CITY_EXTENT[3]] },
      view: query(gridViewToParams(data.grid, view), [], layerIds),
    });
  }
  return { id: BUILT_IN_DECK_ID, title: PARKS_DECK_TITLE, slides };
}
