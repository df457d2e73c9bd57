// The main roads whose traffic the air field carries: expressways, national roads and
// the city's trunk streets, HAND-DRAWN as a few vertices each from general knowledge of
// the network (no road data ships with the app). Errors of 1–3 km are likely; they only
// place a narrow band of NO2 and particles, and data/README.md says so.
import type { LonLat } from './geo.ts';

export interface MainRoad {
  name: string;
  /** Expressways and national roads carry the through traffic; city streets a denser, slower one. */
  kind: 'highway' | 'street';
  line: LonLat[];
}

export const MAIN_ROADS: MainRoad[] = [
  {
    // 漯河 → 叶县 → north of the city (its interchange north of the new district) → 宝丰 → 汝州 → 洛阳.
    name: 'G36 宁洛高速',
    kind: 'highway',
    line: [
      [113.66, 33.6],
      [113.52, 33.67],
      [113.41, 33.76],
      [113.29, 33.792],
      [113.17, 33.795],
      [113.06, 33.885],
      [112.96, 34.01],
      [112.88, 34.115],
      [112.75, 34.2],
      [112.55, 34.3],
    ],
  },
  {
    // 许昌 → 襄城 → east of the city → 叶县 → 方城.
    name: 'G4W2 许广高速',
    kind: 'highway',
    line: [
      [113.56, 33.96],
      [113.47, 33.83],
      [113.43, 33.72],
      [113.33, 33.58],
      [113.22, 33.45],
      [113.12, 33.34],
    ],
  },
  {
    // 郑州 → 郏县 → 宝丰 → 鲁山 → up the 沙河 valley north of 昭平台水库 → 尧山.
    name: 'S88 郑栾高速',
    kind: 'highway',
    line: [
      [113.3, 34.2],
      [113.22, 34.02],
      [113.12, 33.93],
      [113.02, 33.83],
      [112.93, 33.765],
      [112.8, 33.79],
      [112.62, 33.765],
      [112.46, 33.735],
      [112.33, 33.72],
    ],
  },
  {
    // 郏县 → 汝州 and on towards 洛阳, north of the city.
    name: 'G311',
    kind: 'highway',
    line: [
      [113.46, 33.985],
      [113.21, 33.968],
      [113.0, 34.08],
      [112.85, 34.165],
      [112.6, 34.22],
    ],
  },
  {
    // The city → 叶县 → 舞钢.
    name: '平舞公路',
    kind: 'highway',
    line: [
      [113.33, 33.72],
      [113.36, 33.625],
      [113.45, 33.45],
      [113.52, 33.31],
    ],
  },
  {
    // The city's east–west trunk (建设路/中兴路) from the new district to the east district.
    name: '市区东西干道',
    kind: 'street',
    line: [
      [113.18, 33.755],
      [113.24, 33.752],
      [113.3, 33.746],
      [113.36, 33.748],
      [113.44, 33.756],
    ],
  },
  {
    // North–south through the old town, on towards 郏县.
    name: '市区南北干道',
    kind: 'street',
    line: [
      [113.305, 33.7],
      [113.302, 33.75],
      [113.295, 33.83],
    ],
  },
];
