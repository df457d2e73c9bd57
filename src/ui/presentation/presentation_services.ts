// What the 汇报 panel and 演示模式 need from the app (src/app/presentation.ts implements it).

import type { Deck } from '../../data/deck';

export interface PresentationServices {
  /** The built-in deck, made from the data loaded so far (null until the parks are). */
  builtInDeck(): Deck | null;
  /** 演示模式 with the chosen deck, from its first slide. */
  start(): void;
  next(): void;
  previous(): void;
  stop(): void;
  /** A new deck of the user's, holding the current view as its first slide; its id. */
  newDeck(title: string): Promise<string | null>;
  /** The built-in deck as a deck of the user's, to edit; its id. */
  copyDeck(deckId: string): Promise<string | null>;
  renameDeck(deckId: string, title: string): Promise<void>;
  deleteDeck(deckId: string): Promise<void>;
  /** The map as it is now (camera, layers, filter, grid period) as a new slide at the end. */
  addCurrentView(deckId: string, title: string): Promise<void>;
  renameSlide(deckId: string, slideId: string, title: string): Promise<void>;
  moveSlide(deckId: string, slideId: string, by: -1 | 1): Promise<void>;
  deleteSlide(deckId: string, slideId: string): Promise<void>;
  exportDeck(deckId: string): void;
  /** Read a deck file and add it as a new deck; the error to show (in Chinese), or null. */
  importDeck(file: File): Promise<string | null>;
}
