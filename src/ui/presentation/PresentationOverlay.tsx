import type { Deck } from '../../data/deck';
import type { EnterpriseProperties, ParkProperties } from '../../data/types';
import { RetrofitSummary } from '../retrofit_summary/RetrofitSummary';
import { BUILT_IN_DECK_ID } from '../../state/app_state';
import type { AppState } from '../../state/app_state';
import { readyFeatures } from '../../state/selectors';
import { ParkSummary } from '../park_summary/ParkSummary';
import type { PresentationServices } from './presentation_services';

/** 演示模式: the slide's title, subtitle and figures in large type over the map, with 上一页 / 下一页 / 退出. */
export function PresentationOverlay({ state, services }: { state: AppState; services: PresentationServices }) {
  const at = state.presentation.value;
  if (!at) return null;
  const deck: Deck | null = at.deckId === BUILT_IN_DECK_ID ? services.builtInDeck() : (state.decks.value.find((d) => d.id === at.deckId) ?? null);
  const slide = deck?.slides[at.index];
  if (!deck || !slide) return null;
  const parks = (readyFeatures(state, 'parks') ?? []).map((f) => f.properties as ParkProperties);
  const enterprises = (readyFeatures(state, 'enterprises') ?? []).map((f) => f.properties as EnterpriseProperties);
  return (
    <section class="presentation" role="region" aria-label="演示模式" aria-roledescription="幻灯片">
      <div class="presentation__slide" aria-live="polite">
        <h2 class="presentation__title">{slide.title}</h2>
        {slide.subtitle && <p class="presentation__subtitle">{slide.subtitle}</p>}
        {slide.facts.length > 0 && (
          <ul class="presentation__facts">
            {slide.facts.map((fact) => (
              <li key={fact}>{fact}</li>
            ))}
          </ul>
        )}
      </div>
      {slide.panel === 'parks' && parks.length > 0 && (
        <div class="presentation__panel">
          <ParkSummary parks={parks} large />
        </div>
      )}
      {slide.panel === 'enterprises' && enterprises.length > 0 && (
        <div class="presentation__panel">
          <RetrofitSummary enterprises={enterprises} large />
        </div>
      )}
      <nav class="presentation__controls" aria-label="翻页">
        <button type="button" onClick={() => services.previous()} disabled={at.index === 0}>
          上一页
        </button>
        <span class="presentation__count">
          {at.index + 1} / {deck.slides.length}
        </span>
        <button type="button" onClick={() => services.next()} disabled={at.index === deck.slides.length - 1}>
          下一页
        </button>
        <button type="button" onClick={() => services.stop()}>
          退出演示
        </button>
      </nav>
    </section>
  );
}
