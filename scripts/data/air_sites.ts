// National air-quality stations (国控空气站): the five a public listing of the
// city's network names (新华旅馆, 规划设计院, 平顶山工学院, 规划局, 石龙区), so that
// the city figure is their mean and 石龙区 weighs one fifth in it, as the report's
// complaint that it "经常拉高全市平均数值" implies. Positions are approximate;
// data/README.md says what each one follows.
import type { LonLat } from './geo.ts';

export interface AirSite {
  id: string;
  name: string;
  at: LonLat;
}

export const AIR_SITES: AirSite[] = [
  // The 2017 public listing gives 113.182, 33.737, at the north shore of 白龟山水库; moved ~1 km
  // north onto the campus side of the shore road so it never falls inside a reservoir outline.
  { id: 'air-pdsgxy', name: '平顶山工学院', at: [113.185, 33.747] },
  // The old town centre of 新华区 (矿工路/建设路), where the hotel of that name stands.
  { id: 'air-xhlg', name: '新华旅馆', at: [113.272, 33.748] },
  // The 2017 public listing's position.
  { id: 'air-ghsjy', name: '规划设计院', at: [113.292, 33.739] },
  // No published position: placed in 卫东区 so that the four urban stations spread over the
  // built-up area from west to east, as HJ 664-2013 lays out a city's assessment stations.
  { id: 'air-ghj', name: '规划局', at: [113.332, 33.757] },
  // The district's centre (人民路街道).
  { id: 'air-slq', name: '石龙区', at: [112.886, 33.893] },
];
