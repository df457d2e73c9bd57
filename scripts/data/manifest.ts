// data/manifest.json: the list of layers with their files, counts and hashes.
import { createHash } from 'node:crypto';
import type { LayerId, Manifest, ManifestLayer } from '../../src/data/types.ts';
import { BUILT_IN_LAYERS } from '../../src/layers/registry.ts';
import { DATA_DATE } from './calendar.ts';

export const LAYER_FILES: Record<LayerId, string> = {
  counties: 'counties.geojson',
  rivers: 'rivers.geojson',
  reservoirs: 'reservoirs.geojson',
  outfalls: 'outfalls.geojson',
  parks: 'parks.geojson',
  stations: 'stations.geojson',
  'hotspot-grid': 'hotspot-grid.bin',
  'fire-points': 'fire-points.geojson',
};

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Every built-in layer, in the app's order, with its title and format from its module (src/layers/). */
export function buildManifest(files: Map<LayerId, { bytes: Uint8Array; featureCount: number }>): Manifest {
  const layers: ManifestLayer[] = BUILT_IN_LAYERS.map(({ id, title, format }) => {
    const f = files.get(id);
    if (!f) throw new Error(`layer ${id} was not generated`);
    return {
      id,
      title,
      file: LAYER_FILES[id],
      format,
      featureCount: f.featureCount,
      bytes: f.bytes.length,
      hash: sha256(f.bytes),
    };
  });
  return { demo: true, dataDate: DATA_DATE, name: '平顶山生态环境一张图 演示数据集（确定性生成）', layers };
}
