// Pinyin initials of Chinese text (白龟山 → bgs), for search. pinyin-pro carries
// a dictionary of ~140 KB gzip, so the app loads this module on demand (see
// src/app/outfall_lookup.ts) instead of putting it in the first download.

import { pinyin } from 'pinyin-pro';
import { normaliseSearchText } from './outfall_search';

export function pinyinInitials(text: string): string {
  return normaliseSearchText(pinyin(text, { pattern: 'first', toneType: 'none', type: 'array' }).join(''));
}
