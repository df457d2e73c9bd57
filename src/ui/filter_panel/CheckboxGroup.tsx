import { memo } from 'preact/compat';
import { useState } from 'preact/hooks';
import type { Choice } from './options';

/**
 * A fieldset of checkboxes: the values chosen (any of them) for one field of the filter.
 * With `searchable`, a text box narrows a long list (85 townships) to the ones typed.
 * Memo'd: drawn again only when its props change (FilterPanel keeps them equal otherwise).
 */
export const CheckboxGroup = memo(function CheckboxGroup({
  legend,
  choices,
  chosen,
  onChange,
  searchable = false,
  problem,
}: {
  legend: string;
  choices: readonly Choice[];
  chosen: readonly string[] | undefined;
  onChange: (values: string[]) => void;
  searchable?: boolean;
  problem?: string;
}) {
  const [query, setQuery] = useState('');
  const selected = new Set(chosen ?? []);
  const shown = query ? choices.filter((c) => c.label.includes(query.trim()) || selected.has(c.value)) : choices;
  const toggle = (value: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(value);
    else next.delete(value);
    // The order of the choices, so the URL does not depend on the order of clicks.
    onChange(choices.filter((c) => next.has(c.value)).map((c) => c.value));
  };
  return (
    <fieldset class="filter-group">
      <legend>
        {legend}
        {selected.size > 0 && <span class="filter-group__count">（已选 {selected.size}）</span>}
      </legend>
      {searchable && (
        <input
          type="search"
          class="filter-group__search"
          aria-label={`查找${legend}`}
          placeholder={`查找${legend}`}
          value={query}
          onInput={(e) => setQuery(e.currentTarget.value)}
        />
      )}
      <div class={`filter-group__choices${searchable ? ' filter-group__choices--scroll' : ''}`}>
        {shown.map((c) => (
          <label key={c.value} class="filter-choice">
            <input type="checkbox" checked={selected.has(c.value)} onChange={(e) => toggle(c.value, e.currentTarget.checked)} />
            {c.label}
          </label>
        ))}
      </div>
      {problem && (
        <p class="filter-problem" role="alert">
          {problem}
        </p>
      )}
    </fieldset>
  );
});
