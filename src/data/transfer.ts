// Files of the data set may travel gzip-compressed (`outfalls.geojson.gz`), so that
// they are small on the wire whatever the server: a plain static server or object
// store sends the .gz file as it is, and the browser decodes it here. A server that
// adds `Content-Encoding: gzip` for .gz files (Apache's AddEncoding) has the browser
// decode it already; the bytes then arrive plain and pass through. The manifest's
// hash is of the decoded content, so both ways check the same.

/** A damaged compressed file (Chinese message, without the layer's name). */
export class TransferError extends Error {}

/** The two bytes every gzip member starts with (RFC 1952). */
const GZIP_MAGIC = [0x1f, 0x8b] as const;

export function isGzip(bytes: ArrayBuffer): boolean {
  const head = new Uint8Array(bytes, 0, Math.min(2, bytes.byteLength));
  return head.length === 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
}

/** The file's content: gunzipped when it is gzip, as it is otherwise. Throws with a Chinese message for a damaged file. */
export async function decodeTransfer(bytes: ArrayBuffer): Promise<ArrayBuffer> {
  if (!isGzip(bytes)) return bytes;
  try {
    if (typeof DecompressionStream === 'function') {
      // Native and streaming: a 16 MB grid decodes without a copy of the whole compressed file in JS.
      const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
      return await new Response(stream).arrayBuffer();
    }
    // Browsers before DecompressionStream (Safari < 16.4): fflate, already in the bundle for zip exports.
    const { gunzipSync } = await import('fflate');
    const out = gunzipSync(new Uint8Array(bytes));
    return out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength) as ArrayBuffer;
  } catch (error) {
    throw new TransferError(`文件解压失败，可能下载不完整或已损坏（${error instanceof Error ? error.message : String(error)}）`);
  }
}
