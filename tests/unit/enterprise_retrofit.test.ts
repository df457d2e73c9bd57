// 超低排放改造 from the data: the report's 3 steel plants (all done), 6 coking (5 done) and 5 cement (3 done).
import { describe, expect, it } from 'vitest';
import type { FeatureCollection } from 'geojson';
import type { EnterpriseProperties } from '../../src/data/types';
import { summariseRetrofit } from '../../src/spatial/enterprise_retrofit';
import { readDataContent } from '../helpers/data_files';

const enterprises = (JSON.parse(readDataContent('enterprises.geojson.gz').toString('utf8')) as FeatureCollection).features.map(
  (f) => f.properties as EnterpriseProperties,
);

describe('the retrofit summary', () => {
  it('counts done and not done per industry as the report gives them', () => {
    const summary = summariseRetrofit(enterprises);
    expect(summary.rows.map((r) => [r.industry, r.done, r.total])).toEqual([
      ['钢铁', 3, 3],
      ['焦化', 5, 6],
      ['水泥', 3, 5],
    ]);
    expect(summary.done).toBe(11);
    expect(summary.total).toBe(14);
  });

  it('names the ones not done, and keeps an industry the data has that is not defined', () => {
    const summary = summariseRetrofit([
      { name: '甲厂', industry: '水泥', retrofitStatus: '未完成' },
      { name: '乙厂', industry: '玻璃' as never, retrofitStatus: '已完成并公示' },
    ]);
    expect(summary.rows.find((r) => r.industry === '水泥')?.notDone).toEqual(['甲厂']);
    expect(summary.rows.find((r) => r.industry === '钢铁')).toEqual({ industry: '钢铁', total: 0, done: 0, notDone: [] });
    expect(summary.rows.at(-1)).toEqual({ industry: '玻璃', total: 1, done: 1, notDone: [] });
  });
});
