// Find outfalls as the inspector types (搜索): by code, name, township, river or
// responsible unit, by Chinese substring, partial code or pinyin initials.
//
// Per keystroke on 100,000 outfalls this must stay well under a frame, so:
// - everything that does not depend on the query (lower-casing, NFKC, pinyin initials)
//   is computed once in createOutfallSearch;
// - all outfalls' fields are joined into one long string, and a native indexOf over it
//   finds the outfalls containing a term (~10× faster than an `includes` per outfall);
//   only those are scored field by field, without allocating;
// - typing extends the query, and the outfalls matching "湛河北" are a subset of those
//   matching "湛河", so the matches of recent queries are kept and the next keystroke
//   only rescans those (backspace falls back to a shorter cached query);
// - only the best `limit` are kept while scanning (no sort of every match).

import type { OutfallProperties } from '../data/types';

/** Which field made an outfall match; the UI can say why a result is there. */
export type SearchField = 'code' | 'name' | 'township' | 'river' | 'responsibleUnit' | 'pinyin';

export interface OutfallSearchResult {
  outfall: OutfallProperties;
  /** The field that decided the score (for several terms: the weakest term's best field). */
  matchedField: SearchField;
  /** Higher is better; one of the SEARCH_SCORES tiers. */
  score: number;
}

/**
 * Match tiers, best first: a user who types a whole code wants that outfall; one who
 * types the start of a name wants names that start so before names that merely contain it.
 */
export const SEARCH_SCORES = {
  exactCode: 700,
  codePrefix: 600,
  namePrefix: 500,
  nameSubstring: 400,
  codeSubstring: 300,
  place: 200,
  pinyinInitials: 100,
} as const;

export interface SearchEntry {
  outfall: OutfallProperties;
  code: string;
  /** Code without separators, so "zh0195" finds PDS-ZH-0195. */
  codeCompact: string;
  name: string;
  township: string;
  river: string;
  unit: string;
  pinyinName: string;
  pinyinTownship: string;
  pinyinRiver: string;
  /** Every string above joined by NUL: a superset test for "some field contains the term". */
  haystack: string;
}

export interface CachedMatches {
  key: string;
  /** Indexes into entries of every outfall matching the query `key`, in entry order. */
  matches: Int32Array;
}

export interface OutfallSearch {
  readonly entries: readonly SearchEntry[];
  /** Every entry's haystack joined by U+0001: one native indexOf over it finds the entries containing a term ~10× faster than one `includes` per entry. */
  readonly text: string;
  /** Offset of each entry's haystack in `text`, plus the end: entry i is text[starts[i], starts[i+1] - 1). */
  readonly starts: Int32Array;
  /** Recent queries' full match sets; a memo only, results never depend on it. */
  readonly recent: CachedMatches[];
}

export interface SearchTerm {
  text: string;
  compact: string;
  lettersOnly: boolean;
}

// Enough to step back through a typed query with backspace; at most 8 × 400 KB on 100k outfalls.
const RECENT_QUERIES_KEPT = 8;
const SEPARATORS = /[-_.·\s]/g;
const LETTERS_ONLY = /^[a-z]+$/;

/** How both the data and the query are compared: NFKC (full-width digits and letters, as phone keyboards type them, become ASCII) then lower case. */
export function normaliseSearchText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

function compactCode(text: string): string {
  return text.replace(SEPARATORS, '');
}

/**
 * Index the outfalls once per loaded layer; the returned object answers every keystroke.
 * `toInitials` gives pinyin initials (pinyin_initials.ts); without it, pinyin matching is off
 * (the app builds the index before the pinyin dictionary has loaded, then again after).
 */
export function createOutfallSearch(outfalls: readonly OutfallProperties[], toInitials: (text: string) => string = () => ''): OutfallSearch {
  // Townships, rivers and many names repeat: convert each distinct string to pinyin once.
  const initialsMemo = new Map<string, string>();
  const initials = (text: string): string => {
    let value = initialsMemo.get(text);
    if (value === undefined) {
      value = toInitials(text);
      initialsMemo.set(text, value);
    }
    return value;
  };
  const entries = outfalls.map((outfall): SearchEntry => {
    const code = normaliseSearchText(outfall.code);
    const codeCompact = compactCode(code);
    const name = normaliseSearchText(outfall.name);
    const township = normaliseSearchText(outfall.township);
    const river = normaliseSearchText(outfall.river);
    const unit = normaliseSearchText(outfall.responsibleUnit);
    const pinyinName = initials(outfall.name);
    const pinyinTownship = initials(outfall.township);
    const pinyinRiver = initials(outfall.river);
    const haystack = [code, codeCompact, name, township, river, unit, pinyinName, pinyinTownship, pinyinRiver].join('\u0000');
    // One object literal with every field: objects of one shape keep property access fast in the scan.
    return { outfall, code, codeCompact, name, township, river, unit, pinyinName, pinyinTownship, pinyinRiver, haystack };
  });
  const starts = new Int32Array(entries.length + 1);
  let offset = 0;
  entries.forEach((entry, i) => {
    starts[i] = offset;
    offset += entry.haystack.length + 1;
  });
  starts[entries.length] = offset;
  return { entries, text: entries.map((e) => e.haystack).join('\u0001'), starts, recent: [] };
}

/** The query's terms (whitespace-separated, all must match); terms of separators alone are dropped. */
export function parseSearchQuery(query: string): SearchTerm[] {
  return normaliseSearchText(query)
    .split(/\s+/)
    .filter((text) => compactCode(text) !== '')
    .map((text) => ({ text, compact: compactCode(text), lettersOnly: LETTERS_ONLY.test(text) }));
}

// A term's match is packed in one number, tier × 8 + field, so scoring every one of
// 100,000 outfalls allocates nothing; the field order breaks no ties (tiers differ by 100).
const FIELDS: readonly SearchField[] = ['code', 'name', 'township', 'river', 'responsibleUnit', 'pinyin'];
const NO_MATCH = -1;
const pack = (score: number, field: number) => score * 8 + field;

/** Best tier and field for one term in one outfall, packed; NO_MATCH if no field matches. */
function scoreTerm(entry: SearchEntry, term: SearchTerm): number {
  const { text, compact } = term;
  if (entry.code === text || entry.codeCompact === compact) return pack(SEARCH_SCORES.exactCode, 0);
  if (entry.code.startsWith(text) || entry.codeCompact.startsWith(compact)) return pack(SEARCH_SCORES.codePrefix, 0);
  if (entry.name.startsWith(text)) return pack(SEARCH_SCORES.namePrefix, 1);
  if (entry.name.includes(text)) return pack(SEARCH_SCORES.nameSubstring, 1);
  if (entry.code.includes(text) || entry.codeCompact.includes(compact)) return pack(SEARCH_SCORES.codeSubstring, 0);
  if (entry.township.includes(text)) return pack(SEARCH_SCORES.place, 2);
  if (entry.river.includes(text)) return pack(SEARCH_SCORES.place, 3);
  if (entry.unit.includes(text)) return pack(SEARCH_SCORES.place, 4);
  if (term.lettersOnly && (entry.pinyinName.includes(text) || entry.pinyinTownship.includes(text) || entry.pinyinRiver.includes(text))) {
    return pack(SEARCH_SCORES.pinyinInitials, 5);
  }
  return NO_MATCH;
}

/** Packed score of an outfall for all terms (its weakest term), or NO_MATCH if any term fails. */
function scoreEntry(entry: SearchEntry, terms: SearchTerm[]): number {
  let worst = Infinity;
  for (const term of terms) {
    const scored = scoreTerm(entry, term);
    if (scored === NO_MATCH) return NO_MATCH;
    if (scored < worst) worst = scored;
  }
  return worst;
}

interface Ranked {
  outfall: OutfallProperties;
  packed: number;
}

/** Result order: higher score, then shorter name, then code. */
function compareRanked(aPacked: number, a: OutfallProperties, b: Ranked): number {
  const byScore = (b.packed >> 3) - (aPacked >> 3);
  if (byScore !== 0) return byScore;
  const byName = a.name.length - b.outfall.name.length;
  if (byName !== 0) return byName;
  return a.code < b.outfall.code ? -1 : a.code > b.outfall.code ? 1 : 0;
}

/** Insert into an array kept sorted by compareRanked and at most `limit` long; allocates only when it enters. */
function insertBounded(best: Ranked[], packed: number, outfall: OutfallProperties, limit: number): void {
  if (best.length === limit && compareRanked(packed, outfall, best[limit - 1]) >= 0) return;
  let i = best.length;
  while (i > 0 && compareRanked(packed, outfall, best[i - 1]) < 0) i--;
  best.splice(i, 0, { outfall, packed });
  if (best.length > limit) best.pop();
}

/** The matches of the longest recent query that this one extends, or null. */
function cachedSupersetFor(search: OutfallSearch, key: string): Int32Array | null {
  let found: CachedMatches | null = null;
  for (const cached of search.recent) {
    if (key.startsWith(cached.key) && (!found || cached.key.length > found.key.length)) found = cached;
  }
  return found ? found.matches : null;
}

/** Entries whose haystack contains the needle, by indexOf over the joined text, in entry order. */
function scanText(search: OutfallSearch, needle: string, mark: Uint8Array): void {
  const { text, starts } = search;
  let entry = 0;
  let pos = text.indexOf(needle, 0);
  while (pos >= 0) {
    while (starts[entry + 1] <= pos) entry++;
    mark[entry] = 1;
    // Skip the rest of this entry: one hit is enough.
    pos = text.indexOf(needle, starts[entry + 1]);
  }
}

/**
 * Entries that may match every term (a superset, in entry order): from a recent query
 * this one extends if that set is small, else by scanning the joined text for the
 * longest term (the most selective, usually).
 */
function candidatesFor(search: OutfallSearch, key: string, terms: SearchTerm[]): Int32Array {
  const cached = cachedSupersetFor(search, key);
  // Per entry, a cached candidate costs a field-by-field check, a scanned one a share of
  // one indexOf: scanning wins once the cached set is more than about 1/8 of everything.
  if (cached && cached.length * 8 < search.entries.length) return cached;
  const needle = terms.reduce((a, b) => (b.text.length > a.text.length ? b : a));
  const mark = new Uint8Array(search.entries.length);
  scanText(search, needle.text, mark);
  if (needle.compact !== needle.text) scanText(search, needle.compact, mark);
  const out: number[] = [];
  for (let i = 0; i < mark.length; i++) if (mark[i] === 1) out.push(i);
  return Int32Array.from(out);
}

/** The best `limit` matches, best first, and how many outfalls match in all (the search box says 共 N 个). */
export interface CountedSearch {
  results: OutfallSearchResult[];
  total: number;
}

/**
 * The best `limit` outfalls for what the user has typed so far, best first. Every
 * whitespace-separated term must match some field (AND); an empty query finds nothing.
 */
export function searchOutfalls(search: OutfallSearch, query: string, limit = 20): OutfallSearchResult[] {
  return limit <= 0 ? [] : searchOutfallsCounted(search, query, limit).results;
}

/** searchOutfalls, with the number of every outfall that matches (the scan finds them all anyway: counting is free). */
export function searchOutfallsCounted(search: OutfallSearch, query: string, limit = 20): CountedSearch {
  const terms = parseSearchQuery(query);
  if (terms.length === 0) return { results: [], total: 0 };
  // Each term of a query that extends this key extends the matching term here, so its
  // matches are a subset of this key's: see candidatesFor.
  const key = terms.map((t) => t.text).join(' ');
  const { entries } = search;
  const candidates = candidatesFor(search, key, terms);
  const matches = new Int32Array(candidates.length);
  let matchCount = 0;
  const best: Ranked[] = [];
  for (let c = 0; c < candidates.length; c++) {
    const i = candidates[c];
    const entry = entries[i];
    const packed = scoreEntry(entry, terms);
    if (packed === NO_MATCH) continue;
    matches[matchCount++] = i;
    if (limit > 0) insertBounded(best, packed, entry.outfall, limit);
  }
  const previous = search.recent.findIndex((r) => r.key === key);
  if (previous >= 0) search.recent.splice(previous, 1);
  search.recent.unshift({ key, matches: matches.slice(0, matchCount) });
  if (search.recent.length > RECENT_QUERIES_KEPT) search.recent.pop();
  return { results: best.map(({ outfall, packed }) => ({ outfall, matchedField: FIELDS[packed & 7], score: packed >> 3 })), total: matchCount };
}
