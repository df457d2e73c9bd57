// The import's worker: reads a user's file (parsing a 100,000-row XLSX takes seconds,
// which on the main thread would freeze the page) and checks its rows. The file's
// bytes arrive transferred, not copied; the parsed file stays here (ImportSession) and
// the page refers to it by id. The layers a validation checks against (the counties'
// outlines, ~240 KB) arrive once per version, not with every validation.

import { createImportSession } from '../import/import_session';
import type { CoordinateSystem, FeatureValidation, OutfallImportContext, OutfallImportOptions, OutfallValidation, ParsedImport } from '../import/types';

export type ImportTask =
  | { kind: 'parse'; id: number; name: string; bytes: ArrayBuffer }
  | { kind: 'context'; version: number; context: OutfallImportContext }
  | { kind: 'validate'; id: number; file: number; contextVersion: number; options: OutfallImportOptions }
  | { kind: 'features'; id: number; file: number; crs: CoordinateSystem }
  | { kind: 'release'; file: number };

/** What answers a task: parsing's progress (0–1), then its result or the message of the error it threw. */
export type ImportReply =
  | { id: number; kind: 'progress'; fraction: number }
  | { id: number; kind: 'parsed'; result: ParsedImport }
  | { id: number; kind: 'validated'; result: OutfallValidation }
  | { id: number; kind: 'features'; result: FeatureValidation }
  | { id: number; kind: 'error'; error: string };

const scope = self as unknown as DedicatedWorkerGlobalScope;
const session = createImportSession();
let context: { version: number; context: OutfallImportContext } | null = null;

const reply = (message: ImportReply) => scope.postMessage(message);

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
      if (context?.version !== task.contextVersion) throw new Error('后台线程没有这一版的县区边界');
      reply({ id: task.id, kind: 'validated', result: session.validate(task.file, task.options, context.context) });
    } else {
      reply({ id: task.id, kind: 'features', result: session.validateFeatures(task.file, task.crs) });
    }
  } catch (error) {
    reply({ id: task.id, kind: 'error', error: error instanceof Error ? error.message : String(error) });
  }
};
