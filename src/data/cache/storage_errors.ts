// Recognising a full disk. Browsers report it as QuotaExceededError, and Dexie
// may hand it over as the `inner` error of an AbortError (the transaction
// aborted because a write hit the quota); both mean the same to the user.

export function isQuotaError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    const { name, inner } = e as { name?: string; inner?: unknown };
    if (name === 'QuotaExceededError') return true;
    e = inner;
  }
  return false;
}

/** A short Chinese description of a storage failure for a notice. */
export function describeStorageError(error: unknown): string {
  if (isQuotaError(error)) return '本机存储空间不足';
  const name = (error as { name?: string })?.name;
  if (name === 'InvalidStateError' || name === 'SecurityError' || name === 'MissingAPIError') return '浏览器不允许本网页使用本地存储（可能处于无痕模式）';
  return `本地存储出错（${error instanceof Error ? error.message : String(error)}）`;
}
