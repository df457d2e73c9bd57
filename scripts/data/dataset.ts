// Builds the whole demo data set in memory: file name → bytes. Pure apart from
// reading the committed sources, so tests can build it and compare with data/.
import type { LayerId } from '../../src/data/types.ts';
import { AirField, dailyWeather } from './air_field.ts';
import { AirModel } from './air_model.ts';
import { AIR_SITES } from './air_sites.ts';
import { City, loadCounties } from './counties.ts';
import { ENTERPRISE_SITES, generateEnterprises } from './enterprises.ts';
import { generateFirePoints } from './fire_points.ts';
import { ringCentroid } from './geo.ts';
import { featureCollectionBytes } from './geojson_io.ts';
import { buildHotspotGrid, gridCells } from './hotspot_grid.ts';
import { buildManifest } from './manifest.ts';
import type { LayerContent } from './manifest.ts';
import { generateOutfalls } from './outfalls.ts';
import { loadParks } from './parks.ts';
import { airStations, waterSections } from './stations.ts';
import { loadTownships } from './townships.ts';
import { loadWaters, waterBodies } from './waters.ts';

export function buildDataSet(): Map<string, Uint8Array> {
  const city = new City(loadCounties());
  const { rivers, reservoirs, zones } = loadWaters(city);
  const parks = loadParks(city);
  const townships = loadTownships();
  const waters = waterBodies(rivers, reservoirs);
  const outfalls = generateOutfalls(city, waters, townships, parks, zones);
  const enterprises = generateEnterprises(city, townships);
  const cells = gridCells(city);
  const field = new AirField(
    ENTERPRISE_SITES,
    parks.map((p) => ringCentroid(p.geometry.coordinates[0])),
  );
  const model = new AirModel(AIR_SITES, field, dailyWeather(city.bbox));
  const grid = buildHotspotGrid(city, cells, model, townships);
  const stations = [...airStations(city, model), ...waterSections(city, rivers, reservoirs)];
  const fires = generateFirePoints(city, parks, reservoirs.map((r) => r.geometry.coordinates[0] as [number, number][]), townships, ENTERPRISE_SITES);

  const layers = new Map<LayerId, LayerContent>([
    ['counties', { bytes: featureCollectionBytes(city.counties), featureCount: city.counties.length }],
    ['rivers', { bytes: featureCollectionBytes(rivers), featureCount: rivers.length }],
    ['reservoirs', { bytes: featureCollectionBytes(reservoirs), featureCount: reservoirs.length }],
    ['source-protection', { bytes: featureCollectionBytes(zones), featureCount: zones.length }],
    ['outfalls', { bytes: featureCollectionBytes(outfalls), featureCount: outfalls.length }],
    ['parks', { bytes: featureCollectionBytes(parks), featureCount: parks.length }],
    ['enterprises', { bytes: featureCollectionBytes(enterprises), featureCount: enterprises.length }],
    ['stations', { bytes: featureCollectionBytes(stations), featureCount: stations.length }],
    ['hotspot-grid', { grid }],
    ['fire-points', { bytes: featureCollectionBytes(fires), featureCount: fires.length }],
  ]);
  const files = new Map<string, Uint8Array>();
  const manifest = buildManifest(layers, files);
  files.set('manifest.json', new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`));
  return files;
}
