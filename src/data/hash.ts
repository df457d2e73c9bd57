// SHA-256 of a file's bytes, as lower-case hex (the manifest's `hash`).

import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/**
 * Uses the browser's native digest where it exists; crypto.subtle is missing on
 * plain-http intranet hosts (not a "secure context"), where the pure-JS
 * implementation from @noble/hashes takes over.
 */
export async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle) {
    const digest = await subtle.digest('SHA-256', bytes);
    return bytesToHex(new Uint8Array(digest));
  }
  return bytesToHex(sha256(new Uint8Array(bytes)));
}
