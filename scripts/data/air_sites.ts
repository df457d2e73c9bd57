// National air-quality stations (国控空气站). Names follow the kind of sites the
// city's network has (a planning institute, the monitoring station, the high-tech
// zone's offices, …) and one in 石龙区, which the report says often pulls the city
// average up; the positions are invented for the demo.
import type { LonLat } from './geo.ts';

export interface AirSite {
  id: string;
  name: string;
  at: LonLat;
}

export const AIR_SITES: AirSite[] = [
  { id: 'air-ghsjy', name: '规划设计院', at: [113.283, 33.748] },
  { id: 'air-xhlg', name: '新华旅馆', at: [113.3, 33.739] },
  { id: 'air-pdsgxy', name: '平顶山工学院', at: [113.246, 33.766] },
  { id: 'air-sjcz', name: '市环境监测站', at: [113.326, 33.748] },
  { id: 'air-gxqgwh', name: '高新区管委会', at: [113.345, 33.728] },
  { id: 'air-zhqzf', name: '湛河区政府', at: [113.292, 33.72] },
  { id: 'air-slq', name: '石龙区', at: [112.886, 33.893] },
];
