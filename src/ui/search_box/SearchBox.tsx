import { useMemo, useState } from 'preact/hooks';
import { OUTFALL_FIELD_LABELS } from '../../data/types';
import type { OutfallProperties } from '../../data/types';

export interface SearchHit {
  outfall: OutfallProperties;
  /** Which field matched, shown so the user sees why a result is there. */
  matchedField: string;
}

/** The best hits for a query, and how many outfalls match in all. */
export interface SearchHits {
  hits: SearchHit[];
  total: number;
}

const FIELD_NAMES: Record<string, string> = { ...OUTFALL_FIELD_LABELS, pinyin: '拼音首字母' };

/** Results shown at first, and added by each 更多: a river's name can match thousands of 100,000 outfalls, too many to list at once. */
const PAGE = 20;
const MORE = 50;
const NO_HITS: SearchHits = { hits: [], total: 0 };

/**
 * 搜索: find outfalls as the user types (a combobox with a list of results).
 * Choosing a result calls onChoose; the app flies there and opens its card.
 */
export function SearchBox({
  search,
  onChoose,
  disabled,
}: {
  search: (query: string, limit: number) => SearchHits;
  onChoose: (outfall: OutfallProperties) => void;
  disabled: boolean;
}) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);
  const [limit, setLimit] = useState(PAGE);
  const { hits, total } = useMemo(() => (query.trim() ? search(query, limit) : NO_HITS), [query, limit, search]);
  const choose = (hit: SearchHit | undefined) => {
    if (!hit) return;
    onChoose(hit.outfall);
    setOpen(false);
    setQuery(hit.outfall.code);
  };
  const showList = open && query.trim() !== '';
  return (
    <div class="search-box" role="search">
      <input
        type="search"
        aria-label="搜索"
        placeholder={disabled ? '排污口数据加载中…' : '搜索排污口：编码、名称、河流、乡镇'}
        role="combobox"
        aria-expanded={showList}
        aria-controls="search-results"
        aria-autocomplete="list"
        aria-activedescendant={showList && hits[active] ? `search-hit-${active}` : undefined}
        value={query}
        disabled={disabled}
        onInput={(e) => {
          setQuery(e.currentTarget.value);
          setActive(0);
          setLimit(PAGE);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, hits.length - 1));
          else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
          else if (e.key === 'Enter') choose(hits[active]);
          else if (e.key === 'Escape') setOpen(false);
          else return;
          e.preventDefault();
        }}
      />
      {showList && (
        // One scrolling box: the count stays on top (sticky), 更多 at the end of what is listed.
        <div class="search-results">
          {total > 0 && (
            <p class="search-results__count" role="status">
              共 {total.toLocaleString('zh-CN')} 个{hits.length < total ? `，显示前 ${hits.length} 个` : ''}
            </p>
          )}
          <ul id="search-results" class="search-results__list" role="listbox" aria-label="搜索结果">
            {hits.length === 0 && <li class="search-results__empty">没有找到匹配的排污口</li>}
            {hits.map((hit, i) => (
              <li
                key={hit.outfall.code}
                id={`search-hit-${i}`}
                role="option"
                aria-selected={i === active}
                class={`search-results__item${i === active ? ' search-results__item--active' : ''}`}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => choose(hit)}
              >
                <span class="search-results__name">{hit.outfall.name}</span>
                <span class="search-results__meta">
                  {hit.outfall.code} · {hit.outfall.river} · {hit.outfall.township}
                  {hit.matchedField !== 'name' && hit.matchedField !== 'code' ? `（${FIELD_NAMES[hit.matchedField] ?? hit.matchedField}匹配）` : ''}
                </span>
              </li>
            ))}
          </ul>
          {hits.length < total && (
            <button
              type="button"
              class="search-results__more"
              // Keep the focus in the box: typing goes on where it was.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => setLimit(hits.length + MORE)}
            >
              显示更多（还有 {(total - hits.length).toLocaleString('zh-CN')} 个）
            </button>
          )}
        </div>
      )}
    </div>
  );
}
