// 重点排污单位超低排放改造: per industry, how many key polluting enterprises have finished
// (and published) their ultra-low-emission retrofit and which have not — counted from
// the enterprises' records, for the 汇报 panel and the presentation deck.

import { ENTERPRISE_INDUSTRIES } from '../data/types';
import type { EnterpriseProperties } from '../data/types';

export interface RetrofitRow {
  industry: string;
  total: number;
  done: number;
  /** Names of those not done, to be named on a slide. */
  notDone: string[];
}

export interface RetrofitSummary {
  /** Every defined industry in its order (zeros kept), then any other the data has. */
  rows: RetrofitRow[];
  total: number;
  done: number;
}

export function summariseRetrofit(enterprises: readonly Pick<EnterpriseProperties, 'name' | 'industry' | 'retrofitStatus'>[]): RetrofitSummary {
  const industries = [
    ...ENTERPRISE_INDUSTRIES,
    ...new Set(enterprises.map((e) => e.industry).filter((i) => !(ENTERPRISE_INDUSTRIES as readonly string[]).includes(i))),
  ];
  const rows = industries.map((industry) => {
    const of = enterprises.filter((e) => e.industry === industry);
    const done = of.filter((e) => e.retrofitStatus === '已完成并公示').length;
    return { industry, total: of.length, done, notDone: of.filter((e) => e.retrofitStatus !== '已完成并公示').map((e) => e.name) };
  });
  return { rows, total: enterprises.length, done: rows.reduce((s, r) => s + r.done, 0) };
}
