// An imported outfall whose ledger lacks fields: 未填 (UNFILLED) or '' for a date. The
// layer's checks accept it, its card says 未填, it is never overdue without a deadline,
// and no survey-date range selects it.
import { describe, expect, it } from 'vitest';
import { UNFILLED } from '../../src/data/types';
import type { OutfallProperties } from '../../src/data/types';
import { validateLayer } from '../../src/data/validate_layer';
import { describeOutfall } from '../../src/layers/outfalls';
import { outfallsLayer } from '../../src/layers/outfalls';
import type { CardContext } from '../../src/layers/card';
import { isOverdue } from '../../src/spatial/filter/description';
import { createFilterIndex, evaluateFilter } from '../../src/spatial/filter/evaluate';
import { summariseSelection } from '../../src/spatial/filter/summary';
import { makeOutfall } from './helpers/make_outfall';

const bare = makeOutfall({
  code: 'IMP-1',
  subtype: UNFILLED,
  river: UNFILLED,
  township: UNFILLED,
  dischargeMode: UNFILLED,
  responsibleUnit: UNFILLED,
  surveyDate: '',
  remediationMeasure: UNFILLED,
  remediationStatus: UNFILLED,
  remediationDeadline: '',
});
const context: CardContext = { parkName: () => undefined, countOutfalls: () => undefined };
const asLayer = (records: OutfallProperties[]) => ({
  type: 'FeatureCollection',
  features: records.map((properties) => ({ type: 'Feature', properties, geometry: { type: 'Point', coordinates: [properties.lon, properties.lat] } })),
});

describe('UNFILLED outfalls', () => {
  it('pass the layer’s checks; other texts in those fields do not', () => {
    expect(validateLayer(outfallsLayer, asLayer([bare])).problems).toEqual([]);
    const wrong = validateLayer(outfallsLayer, asLayer([{ ...bare, remediationStatus: '不知道' as never, surveyDate: '2024-13-01' }]));
    expect(wrong.problems).toHaveLength(1);
    expect(wrong.problems[0]).toContain('排查日期（surveyDate）应为日期');
    expect(wrong.problems[0]).toContain('整治状态（remediationStatus）应为 未启动、整治中、已完成、未填 之一');
  });

  it('show 未填 on the card, the dates included', () => {
    const card = describeOutfall(bare, context);
    const rows = new Map(card.rows);
    expect(rows.get('排放方式')).toBe('未填');
    expect(rows.get('排查日期')).toBe('未填');
    expect(rows.get('整治措施')).toBe('未填');
    expect(rows.get('整治期限')).toBe('未填');
    expect(card.progress?.find((s) => s.step === '查')?.text).toBe('已排查（日期未填）');
    expect(card.progress?.find((s) => s.step === '治')).toEqual({ step: '治', state: 'todo', text: '整治情况未填' });
    const dated = describeOutfall({ ...bare, remediationMeasure: '取缔', remediationStatus: '整治中' }, context);
    expect(dated.progress?.find((s) => s.step === '治')?.text).toBe('取缔 · 整治中 · 期限 未填');
  });

  it('are not overdue without a deadline', () => {
    expect(isOverdue(bare, '2025-09-16')).toBe(false);
    expect(isOverdue({ remediationDeadline: '', remediationStatus: '整治中' }, '2025-09-16')).toBe(false);
    expect(isOverdue({ remediationDeadline: '2025-01-01', remediationStatus: '整治中' }, '2025-09-16')).toBe(true);
    const index = createFilterIndex([bare], { counties: [], parks: [], reservoirs: [], rivers: [] });
    expect(summariseSelection([bare], new Uint8Array([1]), '2025-09-16').overdue).toBe(0);
    expect(evaluateFilter(index, { overdue: true }, { today: '2025-09-16' }).matches).toHaveLength(0);
  });

  it('are in no survey-date range, open at either end', () => {
    const dated = makeOutfall({ code: 'OLD', surveyDate: '2024-01-01' });
    const index = createFilterIndex([bare, dated], { counties: [], parks: [], reservoirs: [], rivers: [] });
    const select = (filter: { surveyFrom?: string; surveyTo?: string }) => [...evaluateFilter(index, filter, { today: '2025-09-16' }).matches];
    expect(select({ surveyTo: '2025-01-01' })).toEqual([1]);
    expect(select({ surveyFrom: '2020-01-01' })).toEqual([1]);
    expect(select({})).toEqual([0, 1]);
  });
});
