// The presenter's decks (演示文稿) in IndexedDB: read all at start, written whole on
// every change (a deck is a few kilobytes). Storage errors reach the caller, which says
// so in Chinese; nothing here deletes a deck except deleteDeck.

import type { Deck } from '../deck';
import { PdsDatabase } from './database';
import type { DeckRecord } from './database';

export interface DeckStore {
  /** Every stored deck, the most recently changed first. */
  list(): Promise<Deck[]>;
  save(deck: Deck): Promise<void>;
  delete(id: string): Promise<void>;
}

export function createDeckStore(db: PdsDatabase = new PdsDatabase()): DeckStore {
  return {
    async list() {
      const records = await db.decks.toArray();
      return records.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)).map(({ updatedAt: _, ...deck }) => deck);
    },
    async save(deck) {
      const record: DeckRecord = { ...structuredClone(deck), updatedAt: new Date().toISOString() };
      await db.decks.put(record);
    },
    async delete(id) {
      await db.decks.delete(id);
    },
  };
}
