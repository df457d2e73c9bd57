// The one breakpoint of the app: below it the page is laid out for a phone
// (panels become bottom sheets, the card leaves the upper half of the map free).
// The stylesheet follows the attribute set here rather than a media query of its
// own, so the width is written once.

import { setPhoneLayout } from '../state/actions';
import type { AppState } from '../state/app_state';

export const PHONE_MAX_WIDTH_PX = 640;

const PHONE_QUERY = `(max-width: ${PHONE_MAX_WIDTH_PX}px)`;

/** Whether the window is phone-sized now (for building the first state). */
export function isPhoneSized(): boolean {
  return window.matchMedia(PHONE_QUERY).matches;
}

/** Keep <html data-layout> and state.phoneLayout in step with the window's width. */
export function connectLayout(state: AppState): void {
  const query = window.matchMedia(PHONE_QUERY);
  const apply = (phone: boolean) => {
    document.documentElement.dataset.layout = phone ? 'phone' : 'wide';
    setPhoneLayout(state, phone);
  };
  apply(query.matches);
  query.addEventListener('change', (event) => apply(event.matches));
}
