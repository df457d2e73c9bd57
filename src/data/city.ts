// Pingdingshan's extent, the one place it is written down. The map opens on it,
// and data is checked against it with a margin.

/** West, south, east, north (WGS84) of the city's county boundaries (data/counties.geojson), rounded outwards to 0.01°. */
export const CITY_EXTENT: readonly [number, number, number, number] = [112.24, 33.13, 113.69, 34.35];

/** About 5 km (0.05°) around the city: a point outside this box is almost surely in the wrong coordinate system. */
export const CITY_CHECK_BBOX: readonly [number, number, number, number] = [
  CITY_EXTENT[0] - 0.05,
  CITY_EXTENT[1] - 0.05,
  CITY_EXTENT[2] + 0.05,
  CITY_EXTENT[3] + 0.05,
];
