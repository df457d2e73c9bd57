// Focus management shared by the card, the side panels and the 更多 menu: a keyboard user
// who closes what they opened lands where they were, not at the top of the page.

import { useLayoutEffect } from 'preact/hooks';

/** How the user last acted: focus goes back to a text field only for the keyboard (see returnFocus). */
let lastInput: 'keyboard' | 'pointer' = 'keyboard';
let watching = false;

function watchInput(): void {
  if (watching) return;
  watching = true;
  document.addEventListener('keydown', () => (lastInput = 'keyboard'), true);
  document.addEventListener('pointerdown', () => (lastInput = 'pointer'), true);
}

/** A field that brings up a phone's keyboard when it takes focus. */
function isTextEntry(element: HTMLElement): boolean {
  if (element instanceof HTMLTextAreaElement || element.isContentEditable) return true;
  return element instanceof HTMLInputElement && ['text', 'search', 'email', 'number', 'tel', 'url', 'password', ''].includes(element.type);
}

function isShown(element: HTMLElement): boolean {
  return element.isConnected && element.getClientRects().length > 0;
}

/**
 * Focus `opener` again. One that is hidden now (an item of the closed 更多 menu, a button of the
 * folded layer sheet on a phone) hands over to the control that shows its region again: the
 * element whose aria-controls names the hidden ancestor (更多, 图层).
 */
function returnFocus(opener: HTMLElement): void {
  // A tap on × must not bring the keyboard up over the map again (the search box opened the card).
  if (lastInput === 'pointer' && isTextEntry(opener)) return;
  let target: HTMLElement | null = opener;
  for (let hops = 0; target && hops < 4; hops++) {
    if (isShown(target)) {
      target.focus();
      return;
    }
    const region: HTMLElement | null = target.closest<HTMLElement>('[hidden][id]');
    target = region ? document.querySelector<HTMLElement>(`[aria-controls~="${CSS.escape(region.id)}"]`) : null;
  }
}

/**
 * While `open`, remember what had focus when it opened; when it closes (or the component goes),
 * give focus back if it was left inside the closed element or lost with it. Focus the user moved
 * elsewhere meanwhile (the map, another panel) stays where they put it.
 */
export function useFocusReturn(open: boolean, container: () => HTMLElement | null): void {
  watchInput();
  useLayoutEffect(() => {
    if (!open) return;
    const element = container();
    const active = document.activeElement;
    const opener = active instanceof HTMLElement && active !== document.body && !element?.contains(active) ? active : null;
    return () => {
      if (!opener) return;
      const now = document.activeElement;
      const lost = now === null || now === document.body || !now.isConnected || (element?.contains(now) ?? false);
      if (lost) returnFocus(opener);
    };
  }, [open]);
}
