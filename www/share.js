// Page state ⇄ URL fragment. The fragment never reaches a server. State is
// JSON, deflated (CompressionStream) and base64url-encoded; decoding is
// bounded so a hostile link cannot exhaust memory (zip-bomb guard).

export const FRAGMENT_PREFIX = '#s=';
/** The most state a link may decompress to. */
export const MAX_STATE_BYTES = 256 * 1024;
/** The most compressed pasted data that rides in a link. */
export const MAX_PASTE_IN_LINK = 8 * 1024;

function toBase64Url(bytes) {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function pump(stream, limit) {
  const reader = stream.getReader();
  const parts = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel();
      throw new RangeError('too large');
    }
    parts.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

/** Deflates bytes. */
export async function deflate(bytes) {
  return pump(new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw')), Infinity);
}

/** Inflates bytes, refusing to produce more than `limit` bytes. */
export async function inflate(bytes, limit = MAX_STATE_BYTES) {
  return pump(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw')), limit);
}

/** The fragment for a state object. */
export async function encodeState(state) {
  const json = new TextEncoder().encode(JSON.stringify(state));
  return FRAGMENT_PREFIX + toBase64Url(await deflate(json));
}

/**
 * The state in a fragment: { state } on success, { error } when the link is
 * damaged or hostile (the page then falls back to defaults with a notice),
 * {} when there is no state.
 */
export async function decodeState(hash) {
  if (!hash || !hash.startsWith(FRAGMENT_PREFIX)) return {};
  try {
    const bytes = await inflate(fromBase64Url(hash.slice(FRAGMENT_PREFIX.length)));
    const state = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    if (!state || typeof state !== 'object' || Array.isArray(state)) throw new Error('not an object');
    return { state };
  } catch (err) {
    return { error: err instanceof RangeError ? 'too-large' : 'damaged' };
  }
}

/** Compressed size of a text, to decide whether pasted data fits in a link. */
export async function compressedSize(text) {
  return (await deflate(new TextEncoder().encode(text))).length;
}
