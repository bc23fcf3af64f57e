// The app's shareable state in the URL, driven by one table of properties (as tensorflow/playground's
// state.ts): each property has a name, a query key and a type. Parsing and formatting are pure
// functions of the query string; only ui/main.ts reads or writes `location`.
//
// JSON values (`json`, `patch`) travel as base64url (RFC 4648 §5), in one of two self-describing
// forms under the same key:
//   json=eyJpZCI6…      base64url of the UTF-8 JSON text: the form of links shared before compression,
//                       still read and still written when it is the shorter one (small patches);
//   json=z.1ZZNb9s…     "z." then base64url of the JSON text compressed with raw DEFLATE (RFC 1951).
// "." is not in the base64url alphabet, so no plain value starts with "z."; it is an unreserved URL
// character, which URLSearchParams and encodeURIComponent leave unescaped.
import { deflateSync, Inflate } from 'fflate';
import { MAX_SCENARIO_BYTES } from '../core/scenario/validate.ts';

export interface UrlState {
  /** A library scenario's id. */
  scenarioId?: string;
  /** JSON merge patch (RFC 7386) applied to the library scenario: the user's edits. */
  patch?: unknown;
  /** A whole scenario (one that is not in the library, e.g. opened from a file). */
  scenario?: unknown;
  seed?: number;
  /** Run length override. */
  ticks?: number;
  /** Compare with the scenario's guardrails off (written only when on). */
  compare?: boolean;
  /** Test hook, never formatted into a link: the simulation throws once at this tick. */
  failAt?: number;
}

type PropType = 'id' | 'json' | 'uint32' | 'ticks' | 'flag';

interface Prop {
  name: keyof UrlState;
  key: string;
  type: PropType;
  /** Read from a URL but never written into one. */
  hidden?: boolean;
}

/** The table: order here is the order in a formatted link. */
export const URL_PROPS: readonly Prop[] = [
  { name: 'scenarioId', key: 'scenario', type: 'id' },
  { name: 'scenario', key: 'json', type: 'json' },
  { name: 'patch', key: 'patch', type: 'json' },
  { name: 'seed', key: 'seed', type: 'uint32' },
  { name: 'ticks', key: 'ticks', type: 'ticks' },
  { name: 'compare', key: 'compare', type: 'flag' },
  { name: 'failAt', key: 'debug-fail-at', type: 'ticks', hidden: true },
];

const ID = /^[\w.-]{1,64}$/;
const MAX_TICKS = 100_000;
/** Marks a JSON value compressed with raw DEFLATE (see the top of the file). */
export const DEFLATE_PREFIX = 'z.';
/**
 * JSON values larger than this (in UTF-8 bytes, once decoded and inflated) are refused, as scenario
 * files are: a short compressed link may inflate a thousandfold.
 */
export const MAX_JSON_BYTES = MAX_SCENARIO_BYTES;
/** Compressed bytes fed to the inflater at a time, so a bomb stops within ~1 MB past the limit. */
const INFLATE_STEP = 1024;

/** Parse a query string ("?scenario=…&seed=7"); values that do not parse are reported and ignored. */
export function parseUrlState(search: string): { state: UrlState; problems: string[] } {
  const params = new URLSearchParams(search);
  const state: UrlState = {};
  const problems: string[] = [];
  for (const prop of URL_PROPS) {
    const raw = params.get(prop.key);
    if (raw === null) continue;
    const value = parseValue(prop.type, raw);
    if (value.ok) (state as Record<string, unknown>)[prop.name] = value.value;
    else problems.push(`${prop.key}: ${value.expected}, got ${JSON.stringify(raw.slice(0, 40))} (ignored)`);
  }
  return { state, problems };
}

/** The query string of a state ("" when empty); hidden properties are left out. */
export function formatUrlState(state: UrlState): string {
  const parts: string[] = [];
  for (const prop of URL_PROPS) {
    const value = state[prop.name];
    if (prop.hidden || value === undefined) continue;
    parts.push(`${prop.key}=${formatValue(prop.type, value)}`);
  }
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

function parseValue(type: PropType, raw: string): Parsed {
  switch (type) {
    case 'id':
      return ID.test(raw) ? { ok: true, value: raw } : { ok: false, expected: 'expected a scenario id' };
    case 'uint32':
    case 'ticks': {
      const max = type === 'uint32' ? 2 ** 32 - 1 : MAX_TICKS;
      const min = type === 'uint32' ? 0 : 1;
      const n = /^\d{1,10}$/.test(raw) ? Number(raw) : Number.NaN;
      return Number.isInteger(n) && n >= min && n <= max
        ? { ok: true, value: n }
        : { ok: false, expected: `expected an integer from ${min} to ${max}` };
    }
    case 'flag':
      return raw === '1' || raw === '0'
        ? { ok: true, value: raw === '1' }
        : { ok: false, expected: 'expected 1 or 0' };
    case 'json':
      return raw.startsWith(DEFLATE_PREFIX)
        ? parseDeflatedJson(raw.slice(DEFLATE_PREFIX.length))
        : parseJson(raw);
  }
}

type Parsed = { ok: true; value: unknown } | { ok: false; expected: string };

const tooLarge = `of at most ${MAX_JSON_BYTES / 1024 / 1024} MB (the scenario size limit)`;

/** The uncompressed form: base64url of the UTF-8 JSON text. */
function parseJson(raw: string): Parsed {
  const expected = 'expected base64url-encoded JSON';
  if (raw.length > Math.ceil((MAX_JSON_BYTES * 4) / 3))
    return { ok: false, expected: `${expected} ${tooLarge}` };
  try {
    return { ok: true, value: JSON.parse(decodeBase64Url(raw)) };
  } catch {
    return { ok: false, expected };
  }
}

/** The compressed form (after its "z." prefix): base64url of raw DEFLATE data of the UTF-8 JSON text. */
function parseDeflatedJson(data: string): Parsed {
  const what = `compressed JSON (base64url of raw DEFLATE data after "${DEFLATE_PREFIX}")`;
  let bytes: Uint8Array;
  try {
    bytes = base64UrlToBytes(data);
  } catch {
    return { ok: false, expected: `expected ${what}, but the base64url is malformed or truncated` };
  }
  const inflated = inflateAtMost(bytes, MAX_JSON_BYTES);
  if (inflated === 'too large') return { ok: false, expected: `expected ${what} ${tooLarge}` };
  if (inflated instanceof Error)
    return { ok: false, expected: `expected ${what}, but the DEFLATE data is corrupt (${inflated.message})` };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(inflated);
  } catch {
    return { ok: false, expected: `expected ${what}, but it inflates to invalid UTF-8` };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, expected: `expected ${what}, but it inflates to text that is not JSON` };
  }
}

/**
 * Raw DEFLATE data inflated, unless it is corrupt or inflates to more than `max` bytes. The input is
 * fed a step at a time and the output counted as it comes, so a decompression bomb is stopped early.
 */
function inflateAtMost(bytes: Uint8Array, max: number): Uint8Array | Error | 'too large' {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const inflater = new Inflate((chunk) => {
    chunks.push(chunk);
    size += chunk.length;
  });
  try {
    let at = 0;
    do {
      const end = Math.min(at + INFLATE_STEP, bytes.length);
      inflater.push(bytes.subarray(at, end), end === bytes.length);
      if (size > max) return 'too large';
      at = end;
    } while (at < bytes.length);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

function formatValue(type: PropType, value: unknown): string {
  if (type === 'json') return formatJson(JSON.stringify(value));
  if (type === 'flag') return value ? '1' : '0';
  return encodeURIComponent(String(value));
}

/** The shorter of the two forms; the plain one on a tie, as it stays readable with a base64 decoder. */
function formatJson(text: string): string {
  const plain = encodeBase64Url(text);
  const packed = DEFLATE_PREFIX + bytesToBase64Url(deflateSync(new TextEncoder().encode(text), { level: 9 }));
  return packed.length < plain.length ? packed : plain;
}

/** UTF-8 text as base64url without padding (RFC 4648 §5): safe in a query string as is. */
export function encodeBase64Url(text: string): string {
  return bytesToBase64Url(new TextEncoder().encode(text));
}

/** The UTF-8 text of unpadded base64url; throws on other alphabets and invalid UTF-8. */
export function decodeBase64Url(encoded: string): string {
  return new TextDecoder('utf-8', { fatal: true }).decode(base64UrlToBytes(encoded));
}

function bytesToBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function base64UrlToBytes(encoded: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(encoded)) throw new Error('not base64url');
  const b64 = encoded.replaceAll('-', '+').replaceAll('_', '/');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
