// The import tests' fixtures (tests/fixtures/import/, written by its make_fixtures.ts) and
// the city's layers a validation checks rows against, as the app has them.
import { readFileSync } from 'node:fs';
import type { FeatureCollection } from 'geojson';
import type { CountyFeature, ParkFeature } from '../../../src/data/types';
import { parseImportFile } from '../../../src/import/parse_file';
import type { ParsedFile } from '../../../src/import/types';
import { readDataContent } from '../../helpers/data_files';

const DIR = new URL('../../fixtures/import/', import.meta.url);

/** A fixture's bytes, in an ArrayBuffer of its own (parsing may transfer it). */
export function fixtureBytes(name: string): ArrayBuffer {
  const bytes = readFileSync(new URL(name, DIR));
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

export const parseFixture = (name: string): Promise<ParsedFile> => parseImportFile(fixtureBytes(name), name);

const layer = <T>(file: string) => (JSON.parse(readDataContent(file).toString('utf8')) as FeatureCollection).features as T[];

/** The demo data set's counties and chemical parks: what the app passes to a validation. */
export const CITY = { counties: layer<CountyFeature>('counties.geojson.gz'), parks: layer<ParkFeature>('parks.geojson.gz') };
