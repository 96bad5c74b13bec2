// Whether a file's first bytes start like a result table of the warehouse
// query (`cxmetrics sql`): its first line is the header metric, path, value,
// reason (any case, quoted or not, separated by commas, tabs, semicolons or
// bars). The same test as the core's `figures::looks_like_result`
// (src/figures.rs), written here so that the page's main wasm module does
// not carry it (README "Size"): the worker loads the warehouse module only
// for a file that passes. tests/result-head.test.mjs compares the two on
// every kind of first line.

// Rust's `char::is_whitespace` (Unicode White_Space), which `str::trim`
// strips: unlike JavaScript's `\s`, with U+0085 and without U+FEFF.
const WHITE = '[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const EDGES = new RegExp(`^${WHITE}+|${WHITE}+$`, 'g');
const trim = (s) => s.replace(EDGES, '');
const HEADER = ['metric', 'path', 'value', 'reason'];
const DELIMITERS = [',', '\t', ';', '|'];

/** Whether `head` (a Uint8Array: the file's first bytes) starts like a result table. */
export function looksLikeResult(head) {
  let bytes = head;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  const end = bytes.indexOf(10);
  let line;
  try {
    line = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(end < 0 ? bytes : bytes.subarray(0, end));
  } catch {
    return false;
  }
  // ASCII letters only are lowered, as Rust's `to_ascii_lowercase`.
  const norm = trim(line).replace(/["`]/g, '').replace(/[A-Z]/g, (c) => c.toLowerCase());
  return DELIMITERS.some((d) => {
    const cells = norm.split(d).map(trim);
    return cells.length === HEADER.length && cells.every((c, i) => c === HEADER[i]);
  });
}
