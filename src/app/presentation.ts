// 演示模式 and the decks (演示文稿): showing a slide puts its view into the state — the
// layers on and off, 筛选's filter and the grid's period, read from the slide's query
// string with the same readers as a link — and flies the map to its camera. The view
// before the presentation is put back when it ends. Keys: → ↓ PageDown Space forward,
// ← ↑ PageUp back, Home/End, Esc leaves (as does leaving full screen).

import { effect, untracked } from '@preact/signals';
import { cameraFromHash, deckFileText, parseDeckFile } from '../data/deck';
import type { Deck, Slide, SlideCamera } from '../data/deck';
import type { DeckStore } from '../data/cache/deck_store';
import type { EnterpriseFeature, OutfallProperties, ParkFeature } from '../data/types';
import { gridViewFromParams } from '../layers/grid_view';
import { HOTSPOT_GRID } from '../layers/hotspot_grid';
import { filterFromParams } from '../spatial/filter/url';
import {
  addNotice,
  chooseDeck,
  requestBounds,
  requestCamera,
  selectFeature,
  setDecks,
  setGridView,
  setLayerVisible,
  setOutfallFilter,
  showSlide,
  stopPresentation,
} from '../state/actions';
import { BUILT_IN_DECK_ID } from '../state/app_state';
import type { AppState } from '../state/app_state';
import { readyFeatures, readyLayer } from '../state/selectors';
import { download } from '../ui/download';
import type { PresentationServices } from '../ui/presentation/presentation_services';
import { downstreamReading } from './outfall_extras';
import { buildParksDeck } from './parks_deck';

/** Put a view's query string (`?lh=…&fc=…&p=…`) into the state, as opening that link would. */
function applyView(state: AppState, query: string): void {
  const params = new URLSearchParams(query);
  const { filter, problems } = filterFromParams(params);
  setOutfallFilter(state, filter);
  for (const problem of problems) addNotice(state, 'warning', problem);
  const hidden = new Set(params.get('lh')?.split(',') ?? []);
  for (const layer of state.layers.peek()) setLayerVisible(state, layer.id, !hidden.has(layer.id));
  const grid = readyLayer(state, HOTSPOT_GRID);
  if (grid?.kind === 'grid' && params.has('p')) {
    const { view } = gridViewFromParams(grid.grid.header, params);
    if (view) setGridView(state, view);
  }
}

/** What the slide covers of the map: its title box at the top, the controls at the foot, the panel on the right. */
const SLIDE_INSET = { top: 0.3, right: 0.03, bottom: 0.1, left: 0.03 };
const PANEL_INSET = { ...SLIDE_INSET, top: 0.18, right: 0.42 };

function flyTo(state: AppState, camera: SlideCamera, slide?: Slide): void {
  if ('bounds' in camera) requestBounds(state, camera.bounds, slide ? (slide.panel ? PANEL_INSET : SLIDE_INSET) : undefined);
  else requestCamera(state, camera.lon, camera.lat, camera.zoom);
}

const newId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));

export function connectPresentation(state: AppState, store: DeckStore): PresentationServices {
  let built: { of: unknown[]; deck: Deck } | null = null;
  const builtInDeck = (): Deck | null => {
    const parks = readyFeatures(state, 'parks') as ParkFeature[] | null;
    const outfalls = readyFeatures(state, 'outfalls');
    const grid = readyLayer(state, HOTSPOT_GRID);
    const inputs = [
      parks,
      outfalls,
      readyFeatures(state, 'enterprises'),
      readyFeatures(state, 'stations'),
      readyFeatures(state, 'rivers'),
      grid,
      state.layers.value,
    ];
    if (!parks) return null;
    if (built && inputs.every((v, i) => v === built!.of[i])) return built.deck;
    const deck = buildParksDeck({
      parks,
      enterprises: (readyFeatures(state, 'enterprises') ?? []) as EnterpriseFeature[],
      outfalls: (outfalls ?? []).map((f) => f.properties as OutfallProperties),
      downstream: (o) => untracked(() => downstreamReading(state, o)),
      grid: grid?.kind === 'grid' ? grid.grid.header : null,
      layerIds: state.layers.value.map((l) => l.id),
    });
    built = { of: inputs, deck };
    return deck;
  };
  const deckById = (id: string): Deck | null => (id === BUILT_IN_DECK_ID ? builtInDeck() : (state.decks.peek().find((d) => d.id === id) ?? null));

  void store.list().then(
    (decks) => setDecks(state, decks),
    (error: unknown) => addNotice(state, 'error', `无法读取已保存的演示文稿：${error instanceof Error ? error.message : String(error)}`),
  );

  /** Save a changed deck, then show it; a storage failure is said and the list stays as stored. */
  async function save(deck: Deck): Promise<void> {
    try {
      await store.save(deck);
      const others = state.decks.peek().filter((d) => d.id !== deck.id);
      setDecks(state, [deck, ...others]);
    } catch (error) {
      addNotice(state, 'error', `演示文稿未能保存：${error instanceof Error ? error.message : String(error)}`);
      throw error;
    }
  }
  async function edit(deckId: string, change: (slides: Slide[]) => Slide[]): Promise<void> {
    const deck = state.decks.peek().find((d) => d.id === deckId);
    if (!deck) return;
    await save({ ...deck, slides: change([...deck.slides]) });
  }
  function currentSlide(title: string): Slide {
    const camera = cameraFromHash(location.hash) ?? { bounds: [112.24, 33.13, 113.69, 34.35] as [number, number, number, number] };
    return { id: newId('slide'), title, subtitle: '', facts: [], camera, view: location.search };
  }

  // ---- showing slides -------------------------------------------------------------
  let before: { view: string; camera: SlideCamera | null } | null = null;
  let shown: Slide | null = null;
  effect(() => {
    const at = state.presentation.value;
    untracked(() => {
      if (!at) {
        if (before) {
          applyView(state, before.view);
          if (before.camera) flyTo(state, before.camera);
          before = null;
          shown = null;
          if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
        }
        return;
      }
      before ??= { view: location.search, camera: cameraFromHash(location.hash) };
      const slide = deckById(at.deckId)?.slides[at.index];
      if (!slide || slide === shown) return;
      shown = slide;
      selectFeature(state, null);
      applyView(state, slide.view);
      flyTo(state, slide.camera, slide);
    });
  });
  const step = (by: number | 'first' | 'last') => {
    const at = state.presentation.peek();
    const deck = at && deckById(at.deckId);
    if (!at || !deck) return;
    const index = by === 'first' ? 0 : by === 'last' ? deck.slides.length - 1 : Math.min(deck.slides.length - 1, Math.max(0, at.index + by));
    if (index !== at.index) showSlide(state, at.deckId, index);
  };
  window.addEventListener('keydown', (event) => {
    if (!state.presentation.peek() || isTyping(event.target)) return;
    const action: Record<string, () => void> = {
      ArrowRight: () => step(1),
      ArrowDown: () => step(1),
      PageDown: () => step(1),
      ' ': () => step(1),
      ArrowLeft: () => step(-1),
      ArrowUp: () => step(-1),
      PageUp: () => step(-1),
      Home: () => step('first'),
      End: () => step('last'),
      Escape: () => stopPresentation(state),
    };
    const run = action[event.key];
    if (!run) return;
    event.preventDefault();
    run();
  });
  // Esc in full screen is the browser's: it leaves full screen without a keydown. Leaving it ends the show.
  let wasFullscreen = false;
  document.addEventListener('fullscreenchange', () => {
    if (document.fullscreenElement) wasFullscreen = true;
    else if (wasFullscreen && state.presentation.peek()) stopPresentation(state);
    if (!document.fullscreenElement) wasFullscreen = false;
  });

  return {
    builtInDeck,
    start() {
      const deck = deckById(state.chosenDeckId.peek()) ?? builtInDeck();
      if (!deck || deck.slides.length === 0) {
        addNotice(state, 'warning', '演示文稿中还没有幻灯片');
        return;
      }
      // Full screen where the browser allows it (not in every embedded or headless browser): the show works without.
      void document.documentElement.requestFullscreen?.().catch(() => undefined);
      showSlide(state, deck.id, 0);
    },
    next: () => step(1),
    previous: () => step(-1),
    stop: () => stopPresentation(state),
    async newDeck(title) {
      const deck: Deck = { id: newId('deck'), title: title.trim() || '我的演示文稿', slides: [currentSlide('当前视图')] };
      await save(deck);
      chooseDeck(state, deck.id);
      return deck.id;
    },
    async copyDeck(deckId) {
      const source = deckById(deckId);
      if (!source) return null;
      const deck: Deck = { ...structuredClone(source), id: newId('deck'), title: `${source.title}（副本）` };
      await save(deck);
      chooseDeck(state, deck.id);
      return deck.id;
    },
    async renameDeck(deckId, title) {
      const deck = state.decks.peek().find((d) => d.id === deckId);
      if (deck && title.trim()) await save({ ...deck, title: title.trim() });
    },
    async deleteDeck(deckId) {
      try {
        await store.delete(deckId);
        setDecks(
          state,
          state.decks.peek().filter((d) => d.id !== deckId),
        );
        if (state.chosenDeckId.peek() === deckId) chooseDeck(state, BUILT_IN_DECK_ID);
      } catch (error) {
        addNotice(state, 'error', `演示文稿未能删除：${error instanceof Error ? error.message : String(error)}`);
      }
    },
    addCurrentView: (deckId, title) => edit(deckId, (slides) => [...slides, currentSlide(title.trim() || `第 ${slides.length + 1} 页`)]),
    renameSlide: (deckId, slideId, title) =>
      edit(deckId, (slides) => slides.map((s) => (s.id === slideId && title.trim() ? { ...s, title: title.trim() } : s))),
    moveSlide: (deckId, slideId, by) =>
      edit(deckId, (slides) => {
        const i = slides.findIndex((s) => s.id === slideId);
        const j = i + by;
        if (i < 0 || j < 0 || j >= slides.length) return slides;
        [slides[i], slides[j]] = [slides[j], slides[i]];
        return slides;
      }),
    deleteSlide: (deckId, slideId) => edit(deckId, (slides) => slides.filter((s) => s.id !== slideId)),
    exportDeck(deckId) {
      const deck = deckById(deckId);
      if (deck) download(new Blob([deckFileText(deck)], { type: 'application/json' }), `演示文稿-${deck.title}.json`);
    },
    async importDeck(file) {
      let text: string;
      try {
        text = await file.text();
      } catch {
        return '无法读取该文件';
      }
      const result = parseDeckFile(text);
      if ('error' in result) return result.error;
      // Never over another deck: an imported deck is always a new one.
      const deck: Deck = { ...result.deck, id: newId('deck') };
      try {
        await save(deck);
      } catch {
        return '演示文稿未能保存到本机';
      }
      chooseDeck(state, deck.id);
      return null;
    },
  };
}
