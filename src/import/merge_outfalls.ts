// An import applied to the outfalls shown: merged by code (the file's records replace
// the layer's records of the same code, the others stay) or replacing the layer. The
// counts are the same either way, so the dialog can show them before the user chooses.

import { OUTFALL_FIELD_LABELS } from '../data/types';
import type { OutfallFeature, OutfallProperties } from '../data/types';
import type { ApplyMode, MergeResult } from './types';

const FIELDS = Object.keys(OUTFALL_FIELD_LABELS) as (keyof OutfallProperties)[];

/** The same record: every field, and the point. */
function sameRecord(a: OutfallFeature, b: OutfallFeature): boolean {
  const [ax, ay] = a.geometry.coordinates;
  const [bx, by] = b.geometry.coordinates;
  return ax === bx && ay === by && FIELDS.every((field) => a.properties[field] === b.properties[field]);
}

/** The layer after the import, and what changes: codes added, updated, unchanged, and the layer's codes the file does not have. */
export function mergeOutfalls(current: readonly OutfallFeature[], imported: readonly OutfallFeature[], mode: ApplyMode): MergeResult {
  const importedByCode = new Map(imported.map((f) => [f.properties.code, f]));
  const currentCodes = new Set<string>();
  let updated = 0;
  let unchanged = 0;
  let untouched = 0;
  const merged: OutfallFeature[] = [];
  for (const feature of current) {
    const code = feature.properties.code;
    currentCodes.add(code);
    const replacement = importedByCode.get(code);
    if (!replacement) {
      untouched++;
      merged.push(feature);
    } else if (sameRecord(feature, replacement)) {
      unchanged++;
      merged.push(feature);
    } else {
      updated++;
      merged.push(replacement);
    }
  }
  const added = imported.filter((f) => !currentCodes.has(f.properties.code));
  return {
    features: mode === 'replace' ? [...imported] : [...merged, ...added],
    added: added.length,
    updated,
    unchanged,
    untouched,
  };
}
