// The import's worker: reads a user's file (parsing a 100,000-row XLSX takes seconds,
// which on the main thread would freeze the page) and checks its rows. The file's
// bytes arrive transferred, not copied; the parsed file stays here (ImportSession) and
// the page refers to it by id. The layers a validation checks against (the counties'
// outlines, ~240 KB) arrive once per version, not with every validation.

import { createImportSession } from '../import/import_session';
import type { GridPlacementOptions } from '../import/import_session';
import type { GeoTiffGridOptions, GridImport, StationImport } from '../import/grid_types';
import type { StationFeature } from '../data/types';
import type {
  ApplyMode,
  CoordinateSystem,
  FeatureValidation,
  MergeResult,
  OutfallCheck,
  OutfallImportContext,
  OutfallImportOptions,
  OutfallValidation,
  ParsedImport,
} from '../import/types';

export type ImportTask =
  | { kind: 'parse'; id: number; name: string; bytes: ArrayBuffer }
  | { kind: 'context'; version: number; context: OutfallImportContext }
  | { kind: 'validate'; id: number; file: number; contextVersion: number; options: OutfallImportOptions }
  | { kind: 'features'; id: number; file: number; crs: CoordinateSystem }
  | { kind: 'check'; id: number; file: number; contextVersion: number; options: OutfallImportOptions }
  | { kind: 'merged'; id: number; file: number; contextVersion: number; mode: ApplyMode }
  | { kind: 'rejected-csv'; id: number; file: number }
  | { kind: 'grid'; id: number; file: number; options: GridPlacementOptions }
  | { kind: 'stations'; id: number; file: number; stations: StationFeature[] }
  | { kind: 'geotiff'; id: number; bytes: ArrayBuffer; options: GeoTiffGridOptions }
  | { kind: 'release'; file: number };

/** What answers a task: parsing's progress (0–1), then its result or the message of the error it threw. */
export type ImportReply =
  | { id: number; kind: 'progress'; fraction: number }
  | { id: number; kind: 'parsed'; result: ParsedImport }
  | { id: number; kind: 'validated'; result: OutfallValidation }
  | { id: number; kind: 'features'; result: FeatureValidation }
  | { id: number; kind: 'grid'; result: GridImport }
  | { id: number; kind: 'checked'; result: OutfallCheck }
  | { id: number; kind: 'bytes'; result: { bytes: ArrayBuffer; counts?: Omit<MergeResult, 'features'> } }
  | { id: number; kind: 'stations'; result: StationImport }
  | { id: number; kind: 'error'; error: string };

const scope = self as unknown as DedicatedWorkerGlobalScope;
const session = createImportSession();
let context: { version: number; context: OutfallImportContext } | null = null;

const reply = (message: ImportReply) => scope.postMessage(message);

function contextFor(version: number): OutfallImportContext {
  if (context?.version !== version) throw new Error('后台线程没有这一版的县区边界和排污口');
  return context.context;
}

scope.onmessage = async ({ data: task }: MessageEvent<ImportTask>) => {
  if (task.kind === 'context') {
    context = { version: task.version, context: task.context };
    return;
  }
  if (task.kind === 'release') return session.release(task.file);
  try {
    if (task.kind === 'parse') {
      let sent = 0;
      const result = await session.parse(task.id, task.bytes, task.name, (fraction) => {
        // A message per percent at most: progress is for a bar, not a log.
        if (fraction === sent || (fraction - sent < 0.01 && fraction < 1)) return;
        sent = fraction;
        reply({ id: task.id, kind: 'progress', fraction });
      });
      reply({ id: task.id, kind: 'parsed', result });
    } else if (task.kind === 'validate') {
      reply({ id: task.id, kind: 'validated', result: session.validate(task.file, task.options, contextFor(task.contextVersion)) });
    } else if (task.kind === 'check') {
      const result = session.check(task.file, task.options, contextFor(task.contextVersion));
      scope.postMessage({ id: task.id, kind: 'checked', result } satisfies ImportReply, [result.preview]);
    } else if (task.kind === 'merged') {
      const result = session.merged(task.file, task.mode, contextFor(task.contextVersion));
      scope.postMessage({ id: task.id, kind: 'bytes', result } satisfies ImportReply, [result.bytes]);
    } else if (task.kind === 'rejected-csv') {
      const bytes = session.rejectedCsv(task.file);
      scope.postMessage({ id: task.id, kind: 'bytes', result: { bytes } } satisfies ImportReply, [bytes]);
    } else if (task.kind === 'grid' || task.kind === 'geotiff') {
      const result =
        task.kind === 'grid'
          ? session.grid(task.file, task.options)
          : await import('../import/grid_geotiff').then((m) => m.gridFromGeoTiff(task.bytes, task.options));
      // The grid's arrays go back moved, not copied (a year of the city's grid is ~16 MB).
      const transfer = result.grid ? gridBuffers(result.grid) : [];
      scope.postMessage({ id: task.id, kind: 'grid', result } satisfies ImportReply, transfer);
    } else if (task.kind === 'stations') {
      reply({ id: task.id, kind: 'stations', result: session.stations(task.file, task.stations) });
    } else {
      reply({ id: task.id, kind: 'features', result: session.validateFeatures(task.file, task.crs) });
    }
  } catch (error) {
    reply({ id: task.id, kind: 'error', error: error instanceof Error ? error.message : String(error) });
  }
};

/** The distinct buffers under a grid's arrays (some may share one). */
function gridBuffers(grid: GridImport['grid'] & object): ArrayBuffer[] {
  const arrays = [grid.cellIds, grid.cellCounty, grid.cellTownship, grid.values, grid.loaded];
  return [...new Set(arrays.filter((a) => a !== undefined).map((a) => a.buffer as ArrayBuffer))];
}
