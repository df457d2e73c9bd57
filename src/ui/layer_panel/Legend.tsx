import type { LegendEntry } from '../../symbology/colours';

/** Swatches for one layer; the shapes match what the map draws. */
export function Legend({ entries }: { entries: LegendEntry[] }) {
  return (
    <ul class="legend">
      {entries.map((entry) => (
        <li key={entry.label} class="legend__item">
          <span class={`legend__swatch legend__swatch--${entry.shape}`} style={{ '--swatch': entry.colour }} aria-hidden="true" />
          <span>{entry.label}</span>
        </li>
      ))}
    </ul>
  );
}
