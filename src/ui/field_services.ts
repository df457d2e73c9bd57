// What the field inspector's controls need from the rest of the app. Declared on
// the UI's side (the app implements it in src/app/field_services.ts), so imports
// go one way: app → ui, never back.

import type { ReadonlySignal } from '@preact/signals';
import type { OutfallProperties } from '../data/types';
import type { NearbyEntry } from './nearby_list/NearbyList';
import type { SearchHits } from './search_box/SearchBox';

export interface FieldServices {
  ready: ReadonlySignal<boolean>;
  /** The best `limit` outfalls for the query, and how many match in all. */
  search(query: string, limit: number): SearchHits;
  nearby: ReadonlySignal<NearbyEntry[] | null>;
  /** Fly to an outfall and open its card. */
  chooseOutfall(outfall: OutfallProperties): void;
}
