// How much the browser lets the app store, and whether it promised to keep it.

export interface StorageStatus {
  /** Bytes used by this origin, if the browser says. */
  usage: number | null;
  /** Bytes this origin may use, if the browser says. */
  quota: number | null;
  /** True if the browser will not evict the data under storage pressure. */
  persisted: boolean | null;
}

export async function readStorageStatus(): Promise<StorageStatus> {
  const storage = globalThis.navigator?.storage;
  const [estimate, persisted] = await Promise.all([
    storage?.estimate ? storage.estimate().catch(() => null) : null,
    storage?.persisted ? storage.persisted().catch(() => null) : null,
  ]);
  return { usage: estimate?.usage ?? null, quota: estimate?.quota ?? null, persisted };
}

/**
 * Ask the browser not to evict the offline data (an inspector's phone running low
 * on space would otherwise lose the map first). The browser may say no; that is
 * shown in the status panel, not treated as an error.
 */
export async function requestPersistentStorage(): Promise<boolean | null> {
  const storage = globalThis.navigator?.storage;
  if (!storage?.persist) return null;
  try {
    return (await storage.persisted?.()) || (await storage.persist());
  } catch {
    return null;
  }
}
