import { readFileSync } from 'node:fs';
import { pinyin } from 'pinyin-pro';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import type { OutfallFeature, OutfallProperties } from '../../src/data/types';
import { createOutfallSearch, searchOutfalls } from '../../src/spatial/outfall_search';
import { pinyinInitials } from '../../src/spatial/pinyin_initials';
import { makeOutfall } from './helpers/make_outfall';

const codes = (results: { outfall: OutfallProperties }[]) => results.map((r) => r.outfall.code);

describe('searchOutfalls ranking', () => {
  const outfalls = [
    makeOutfall({ code: 'PDS-SH-0195', name: '沙河某村排口', river: '沙河', township: '九里山街道' }),
    makeOutfall({ code: 'PDS-ZH-01950', name: '湛河边排口', river: '湛河' }),
    makeOutfall({ code: 'PDS-ZH-0195', name: '平顶山博瑞污水处理厂排口', river: '湛河', township: '曹镇乡' }),
    makeOutfall({ code: 'PDS-ZH-0007', name: '湛河北渡雨水排口', river: '湛河', township: '北渡街道' }),
    makeOutfall({ code: 'PDS-SH-0300', name: '沙河湛河口养殖排口', river: '沙河', township: '曹镇乡' }),
    makeOutfall({ code: 'PDS-BGS-0001', name: '水库南岸排口', river: '白龟山水库', township: '滍阳镇', responsibleUnit: '博瑞公司' }),
    makeOutfall({ code: 'PDS-LH-0002', name: '澧河排口', river: '澧河', township: '叶邑镇' }),
  ];
  const search = createOutfallSearch(outfalls, pinyinInitials);

  it('puts the exact code first, then codes that start with it', () => {
    expect(codes(searchOutfalls(search, 'PDS-ZH-0195')).slice(0, 2)).toEqual(['PDS-ZH-0195', 'PDS-ZH-01950']);
    const [first] = searchOutfalls(search, 'pds-zh-0195');
    expect(first).toMatchObject({ matchedField: 'code', score: 700 });
  });

  it('finds partial codes in any case, with or without separators', () => {
    expect(codes(searchOutfalls(search, '0195'))).toEqual(['PDS-ZH-01950', 'PDS-SH-0195', 'PDS-ZH-0195']);
    expect(codes(searchOutfalls(search, 'zh-01'))).toEqual(['PDS-ZH-01950', 'PDS-ZH-0195']);
    expect(codes(searchOutfalls(search, 'zh0195'))).toEqual(['PDS-ZH-01950', 'PDS-ZH-0195']);
    // Full-width digits, as some phone keyboards type them.
    expect(codes(searchOutfalls(search, '０１９５'))).toHaveLength(3);
  });

  it('ranks names that start with the words before names that only contain them, then the river', () => {
    const result = searchOutfalls(search, '湛河');
    // Name prefix (shorter name first), name substring, then river only.
    expect(codes(result)).toEqual(['PDS-ZH-01950', 'PDS-ZH-0007', 'PDS-SH-0300', 'PDS-ZH-0195']);
    expect(result.map((r) => r.matchedField)).toEqual(['name', 'name', 'name', 'river']);
    expect(result[0].score).toBeGreaterThan(result[2].score);
    expect(result[2].score).toBeGreaterThan(result[3].score);
  });

  it('finds Chinese substrings of name, township and responsible unit', () => {
    expect(codes(searchOutfalls(search, '博瑞'))).toEqual(['PDS-ZH-0195', 'PDS-BGS-0001']);
    expect(searchOutfalls(search, '博瑞')[1].matchedField).toBe('responsibleUnit');
    expect(searchOutfalls(search, '九里山')).toMatchObject([{ outfall: { code: 'PDS-SH-0195' }, matchedField: 'township' }]);
  });

  it('requires every term to match (AND)', () => {
    expect(codes(searchOutfalls(search, '湛河 曹镇'))).toEqual(['PDS-SH-0300', 'PDS-ZH-0195']);
    expect(codes(searchOutfalls(search, '曹镇 博瑞'))).toEqual(['PDS-ZH-0195']);
    expect(searchOutfalls(search, '湛河 澧河')).toEqual([]);
  });

  it('matches pinyin initials of river, name and township, below every other kind of match', () => {
    expect(searchOutfalls(search, 'bgs')).toMatchObject([{ outfall: { code: 'PDS-BGS-0001' }, matchedField: 'code' }]);
    const byInitials = searchOutfalls(search, 'bgssk');
    expect(byInitials).toMatchObject([{ outfall: { code: 'PDS-BGS-0001' }, matchedField: 'pinyin', score: 100 }]);
    expect(searchOutfalls(search, 'zybdhjk')).toEqual([]);
    expect(codes(searchOutfalls(search, 'zhbd'))).toEqual(['PDS-ZH-0007']); // 湛河北渡… → zhbd…
    const zh = searchOutfalls(search, 'zh');
    expect(zh.at(-1)).toMatchObject({ matchedField: 'pinyin' });
    expect(zh.filter((r) => r.matchedField === 'code').length).toBe(3);
  });

  it('breaks ties by shorter name, then code', () => {
    const tied = createOutfallSearch(
      [
        makeOutfall({ code: 'B-2', name: '湛河排口二十' }),
        makeOutfall({ code: 'B-1', name: '湛河排口二十' }),
        makeOutfall({ code: 'A-9', name: '湛河排口二十一' }),
        makeOutfall({ code: 'A-1', name: '湛河排口' }),
      ],
      pinyinInitials,
    );
    expect(codes(searchOutfalls(tied, '湛河'))).toEqual(['A-1', 'B-1', 'B-2', 'A-9']);
  });

  it('stops at the limit and finds nothing for an empty query', () => {
    expect(searchOutfalls(search, 'pds', 3)).toHaveLength(3);
    expect(searchOutfalls(search, '   ')).toEqual([]);
    expect(searchOutfalls(search, '-')).toEqual([]);
  });
});

// ---- the result set against a naive filter over every real outfall -------------------

const realOutfalls = (JSON.parse(readFileSync(new URL('../../data/outfalls.geojson', import.meta.url), 'utf8')) as { features: OutfallFeature[] }).features.map(
  (f) => f.properties,
);

/**
 * The specification, as slowly and plainly as possible: every term, lower-cased, must be
 * inside the code (or the code without separators), name, township, river or unit, or,
 * for a term of letters only, inside the pinyin initials of name, township or river.
 */
const initialsCache = new Map<string, string>();
function naiveMatches(outfalls: OutfallProperties[], query: string): Set<string> {
  const norm = (s: string) => s.normalize('NFKC').toLowerCase();
  const strip = (s: string) => s.replace(/[-_.·\s]/g, '');
  const initials = (s: string) => {
    if (!initialsCache.has(s)) initialsCache.set(s, norm(pinyin(s, { pattern: 'first', toneType: 'none', type: 'array' }).join('')));
    return initialsCache.get(s) as string;
  };
  const terms = norm(query)
    .split(/\s+/)
    .filter((t) => strip(t) !== '');
  const found = new Set<string>();
  if (terms.length === 0) return found;
  for (const o of outfalls) {
    const ok = terms.every(
      (t) =>
        [o.code, o.name, o.township, o.river, o.responsibleUnit].some((field) => norm(field).includes(t)) ||
        strip(norm(o.code)).includes(strip(t)) ||
        (/^[a-z]+$/.test(t) && [o.name, o.township, o.river].some((field) => initials(field).includes(t))),
    );
    if (ok) found.add(o.code);
  }
  return found;
}

function randomQueries(seed: string, n: number): string[] {
  const rng = seedrandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rng() * items.length)];
  const fragment = (text: string) => {
    const start = Math.floor(rng() * text.length);
    return text.slice(start, start + 1 + Math.floor(rng() * 4));
  };
  const queries: string[] = [];
  while (queries.length < n) {
    const o = pick(realOutfalls);
    const kind = rng();
    if (kind < 0.2) queries.push(fragment(o.code));
    else if (kind < 0.4) queries.push(fragment(pick([o.name, o.township, o.river, o.responsibleUnit])));
    else if (kind < 0.55) queries.push(fragment(pinyin(pick([o.name, o.township, o.river]), { pattern: 'first', toneType: 'none', separator: '' })));
    else if (kind < 0.75) queries.push(`${fragment(o.name)} ${fragment(pick([o.code, o.township, o.river]))}`);
    else if (kind < 0.85) queries.push(pick(['a', 'z', 'h', '0', '1', '河', '口', '镇', 'x9', 'pds-', 'zz', '排口 厂']));
    else queries.push(fragment(o.code).toUpperCase());
  }
  return queries;
}

describe('searchOutfalls against a naive filter over the 3,090 real outfalls', () => {
  const search = createOutfallSearch(realOutfalls, pinyinInitials);

  it('finds exactly the outfalls the naive filter finds, for random queries', () => {
    for (const query of randomQueries('search', 250)) {
      const all = searchOutfalls(search, query, realOutfalls.length);
      expect(new Set(codes(all)), query).toEqual(naiveMatches(realOutfalls, query));
    }
  });

  it('returns the same results whether the user typed the query character by character or pasted it', () => {
    const rng = seedrandom('typing');
    for (const query of randomQueries('typed', 40)) {
      // Type it, with a backspace now and then, on one search object …
      for (let i = 1; i <= query.length; i++) {
        searchOutfalls(search, query.slice(0, i));
        if (rng() < 0.3 && i > 1) searchOutfalls(search, query.slice(0, i - 1));
      }
      const typed = searchOutfalls(search, query, 50);
      // … and against a search with no memory of earlier keystrokes.
      search.recent.length = 0;
      expect(searchOutfalls(search, query, 50), query).toEqual(typed);
    }
  });

  it('orders the results best first and keeps the same best N at any limit', () => {
    for (const query of randomQueries('order', 60)) {
      const all = searchOutfalls(search, query, realOutfalls.length);
      for (let i = 1; i < all.length; i++) {
        const [a, b] = [all[i - 1], all[i]];
        const inOrder =
          a.score > b.score ||
          (a.score === b.score &&
            (a.outfall.name.length < b.outfall.name.length || (a.outfall.name.length === b.outfall.name.length && a.outfall.code < b.outfall.code)));
        expect(inOrder, `${query}: ${a.outfall.code} before ${b.outfall.code}`).toBe(true);
      }
      expect(searchOutfalls(search, query, 20)).toEqual(all.slice(0, 20));
    }
  });
});
