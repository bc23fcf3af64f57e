import { readdirSync, readFileSync } from 'node:fs';
import { deflateSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { deepEqual, diffPatch, mergePatch } from '../../src/core/scenario/merge-patch.ts';
import { MAX_SCENARIO_BYTES } from '../../src/core/scenario/validate.ts';
import { resolveSetup, shareState, withOverrides } from '../../src/ui/share.ts';
import {
  DEFLATE_PREFIX,
  decodeBase64Url,
  encodeBase64Url,
  formatUrlState,
  MAX_JSON_BYTES,
  parseUrlState,
  URL_PROPS,
} from '../../src/ui/url-state.ts';

const SCENARIOS = new URL('../../scenarios/', import.meta.url);
/** Every library scenario (scenarios/*.json but the schema), by id. */
const LIBRARY: Record<string, Record<string, unknown>> = Object.fromEntries(
  readdirSync(SCENARIOS)
    .filter((f) => f.endsWith('.json') && f !== 'scenario.schema.json')
    .map((f) => JSON.parse(readFileSync(new URL(f, SCENARIOS), 'utf8')))
    .map((json) => [json.id, json]),
);

/** A value as links wrote it before compression: base64url of the JSON text (Node's encoder, not ours). */
const plain = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** Raw DEFLATE data in the compressed form. */
const packed = (bytes: Uint8Array) => `${DEFLATE_PREFIX}${Buffer.from(bytes).toString('base64url')}`;
const deflated = (text: string) => packed(deflateSync(new TextEncoder().encode(text)));

describe('parseUrlState(search) and formatUrlState(state)', () => {
  test('round-trip every formatted property', () => {
    const state = {
      scenarioId: 'recommender-trend-shift',
      patch: { events: [{ at: 90 }] },
      seed: 7,
      ticks: 200,
    };
    const search = formatUrlState(state);
    expect(search).toMatch(/^\?scenario=recommender-trend-shift&patch=[\w-]+&seed=7&ticks=200$/);
    expect(parseUrlState(search)).toEqual({ state, problems: [] });
  });

  test('format follows the table order and leaves out hidden properties', () => {
    expect(formatUrlState({ seed: 3, failAt: 5, scenarioId: 'a' })).toBe('?scenario=a&seed=3');
    expect(URL_PROPS.filter((p) => p.hidden).map((p) => p.key)).toEqual(['debug-fail-at']);
    expect(parseUrlState('?debug-fail-at=12').state).toEqual({ failAt: 12 });
  });

  test('an empty state formats to the empty string', () => {
    expect(formatUrlState({})).toBe('');
    expect(parseUrlState('')).toEqual({ state: {}, problems: [] });
  });

  test('bad values are reported and ignored, good ones kept', () => {
    const { state, problems } = parseUrlState('?seed=-1&ticks=0&scenario=../x&json=%%%&patch=bm90IGpzb24');
    expect(state).toEqual({});
    expect(problems).toEqual([
      'scenario: expected a scenario id, got "../x" (ignored)',
      'json: expected base64url-encoded JSON, got "%%%" (ignored)',
      'patch: expected base64url-encoded JSON, got "bm90IGpzb24" (ignored)',
      'seed: expected an integer from 0 to 4294967295, got "-1" (ignored)',
      'ticks: expected an integer from 1 to 100000, got "0" (ignored)',
    ]);
    expect(parseUrlState('?seed=4294967295&ticks=oops').state).toEqual({ seed: 4294967295 });
  });

  test('a whole scenario travels as base64url JSON, unicode included', () => {
    const scenario = { id: 'mine', title: 'Drift — «test» ✓', ticks: 10 };
    for (const s of [scenario, { ...scenario, story: 'Drift — «test» ✓ '.repeat(20) }]) {
      const search = formatUrlState({ scenario: s, seed: 1 });
      expect(new URLSearchParams(search).get('json')).toMatch(/^(z\.)?[A-Za-z0-9_-]+$/);
      expect(parseUrlState(search).state.scenario).toEqual(s);
    }
  });
});

describe('compressed JSON values: "z." and base64url of raw DEFLATE data', () => {
  const ids = Object.keys(LIBRARY);
  const problemsOf = (search: string) => {
    const { state, problems } = parseUrlState(search);
    expect(state).toEqual({});
    expect(problems).toHaveLength(1);
    return problems[0];
  };

  test('the library holds the scenarios', () => {
    expect(ids.length).toBeGreaterThanOrEqual(10);
    expect(ids).toContain('recommender-trend-shift');
  });

  test.each(ids)('%s round-trips, compressed, as a whole scenario and as a patch', (id) => {
    const scenario = { ...LIBRARY[id], id: 'my-own' };
    for (const state of [
      { scenario, seed: 7, ticks: 50 },
      { scenarioId: id, patch: LIBRARY[id], seed: 7 },
    ]) {
      const search = formatUrlState(state);
      const key = 'scenario' in state ? 'json' : 'patch';
      expect(new URLSearchParams(search).get(key)).toMatch(/^z\.[A-Za-z0-9_-]+$/);
      expect(parseUrlState(search)).toEqual({ state, problems: [] });
    }
    const edited = structuredClone(LIBRARY[id]!);
    edited.ticks = 123;
    edited.title = 'Edited: «mine» ✓';
    edited.events = [];
    const shared = shareState(edited, LIBRARY, 7, undefined);
    const setup = resolveSetup(
      parseUrlState(formatUrlState(shared)).state,
      LIBRARY,
      'recommender-trend-shift',
    );
    expect(setup).toEqual({ json: edited, seed: 7, ticks: undefined, problems: [] });
  });

  test('a value is compressed only when that makes it shorter: small patches stay readable', () => {
    const patch = { model: { epochs: 5 } };
    expect(formatUrlState({ scenarioId: 'recommender-trend-shift', patch, seed: 1 })).toBe(
      `?scenario=recommender-trend-shift&patch=${plain(patch)}&seed=1`,
    );
  });

  test('links shared before compression still parse', () => {
    expect(
      parseUrlState('?scenario=recommender-trend-shift&patch=eyJtb2RlbCI6eyJlcG9jaHMiOjV9fQ&seed=7'),
    ).toEqual({
      state: { scenarioId: 'recommender-trend-shift', patch: { model: { epochs: 5 } }, seed: 7 },
      problems: [],
    });
    for (const json of Object.values(LIBRARY)) {
      expect(parseUrlState(`?json=${plain(json)}&seed=1`)).toEqual({
        state: { scenario: json, seed: 1 },
        problems: [],
      });
      expect(parseUrlState(`?scenario=x&patch=${plain(json)}`).state.patch).toEqual(json);
    }
  });

  test('the link of the largest library scenario, whole, is well under half as long as before', () => {
    const largest = Object.values(LIBRARY).reduce((a, b) =>
      JSON.stringify(b).length > JSON.stringify(a).length ? b : a,
    );
    const scenario = { ...largest, id: 'my-own' };
    const before = `?json=${plain(scenario)}&seed=1`;
    const after = formatUrlState({ scenario, seed: 1 });
    // Measured: pipeline-faults, 7336 characters before, 3173 after (0.43).
    expect(before.length).toBeGreaterThan(5000);
    expect(after.length / before.length).toBeLessThan(0.5);
  });

  test('truncated base64url is a problem naming the key, not an exception', () => {
    const value = new URLSearchParams(formatUrlState({ scenario: LIBRARY['recommender-trend-shift'] })).get(
      'json',
    )!;
    // One character past a multiple of four: no whole byte in it, so not base64url at all.
    const cut = value.slice(0, DEFLATE_PREFIX.length + 4 * 50 + 1);
    expect(problemsOf(`?json=${cut}`)).toMatch(
      /^json: expected compressed JSON .*base64url is malformed or truncated/,
    );
    expect(problemsOf(`?patch=z.abc*def`)).toMatch(
      /^patch: expected compressed JSON .*base64url is malformed/,
    );
  });

  test('corrupt or truncated DEFLATE data is a problem naming the key', () => {
    const value = new URLSearchParams(formatUrlState({ scenario: LIBRARY['recommender-trend-shift'] })).get(
      'json',
    )!;
    const cut = value.slice(0, DEFLATE_PREFIX.length + 4 * 200);
    expect(problemsOf(`?json=${cut}`)).toMatch(
      /^json: .*DEFLATE data is corrupt \(unexpected EOF\), got "z\./,
    );
    // BFINAL 1, BTYPE 3: a block type that does not exist.
    expect(problemsOf(`?patch=${packed(new Uint8Array([0xff, 0xff]))}`)).toMatch(
      /^patch: .*DEFLATE data is corrupt \(invalid block type\)/,
    );
    expect(problemsOf(`?patch=${DEFLATE_PREFIX}`)).toMatch(/^patch: expected compressed JSON/);
  });

  test('DEFLATE data that inflates to something other than JSON is a problem naming the key', () => {
    expect(problemsOf(`?json=${deflated('{"id": "mine", oops}')}`)).toMatch(
      /^json: .*inflates to text that is not JSON, got "z\./,
    );
    expect(problemsOf(`?patch=${packed(deflateSync(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])))}`)).toMatch(
      /^patch: .*inflates to invalid UTF-8/,
    );
  });

  test('values are limited to the scenario file size, whatever they inflate from (a decompression bomb)', () => {
    expect(MAX_JSON_BYTES).toBe(MAX_SCENARIO_BYTES);
    const atLimit = 'x'.repeat(MAX_JSON_BYTES - 2);
    expect(parseUrlState(`?json=${deflated(JSON.stringify(atLimit))}`)).toEqual({
      state: { scenario: atLimit },
      problems: [],
    });
    const tooLarge = /^json: .* of at most 5 MB \(the scenario size limit\), got "/;
    expect(problemsOf(`?json=${deflated(JSON.stringify(`${atLimit}x`))}`)).toMatch(tooLarge);
    expect(problemsOf(`?json=${plain(`${atLimit}x`)}`)).toMatch(tooLarge);
    // 64 MB of zeros in an 87 KB link: refused after inflating little more than the limit.
    const bomb = packed(deflateSync(new Uint8Array(64 * 1024 * 1024), { level: 9 }));
    expect(bomb.length).toBeLessThan(100_000);
    expect(problemsOf(`?json=${bomb}`)).toMatch(tooLarge);
    expect(parseUrlState(`?seed=3&patch=${bomb}`).state).toEqual({ seed: 3 });
  });
});

describe('encodeBase64Url(text) and decodeBase64Url(text)', () => {
  test('round-trip any UTF-8 text without padding', () => {
    for (const text of ['', 'a', 'ab', 'abc', '{"x":[1,2]}', 'é€𝄞', 'x'.repeat(100_000)]) {
      const enc = encodeBase64Url(text);
      expect(enc).toMatch(/^[A-Za-z0-9_-]*$/);
      expect(decodeBase64Url(enc)).toBe(text);
    }
  });

  test('refuse other alphabets and invalid UTF-8', () => {
    expect(() => decodeBase64Url('a+b/')).toThrow();
    expect(() => decodeBase64Url(`${encodeBase64Url('x').slice(0, 1)}_w`)).toThrow();
  });
});

describe('mergePatch(target, patch) and diffPatch(from, to)', () => {
  test('mergePatch follows RFC 7386 (its appendix A examples)', () => {
    expect(mergePatch({ a: 'b' }, { a: 'c' })).toEqual({ a: 'c' });
    expect(mergePatch({ a: 'b' }, { b: 'c' })).toEqual({ a: 'b', b: 'c' });
    expect(mergePatch({ a: 'b' }, { a: null })).toEqual({});
    expect(mergePatch({ a: 'b', b: 'c' }, { a: null })).toEqual({ b: 'c' });
    expect(mergePatch({ a: ['b'] }, { a: 'c' })).toEqual({ a: 'c' });
    expect(mergePatch({ a: 'c' }, { a: ['b'] })).toEqual({ a: ['b'] });
    expect(mergePatch({ a: { b: 'c' } }, { a: { b: 'd', c: null } })).toEqual({ a: { b: 'd' } });
    expect(mergePatch({ a: [{ b: 'c' }] }, { a: [1] })).toEqual({ a: [1] });
    expect(mergePatch(['a', 'b'], ['c', 'd'])).toEqual(['c', 'd']);
    expect(mergePatch({ a: 'b' }, ['c'])).toEqual(['c']);
    expect(mergePatch({ e: null }, { a: 1 })).toEqual({ e: null, a: 1 });
    expect(mergePatch([1, 2], { a: 'b', c: null })).toEqual({ a: 'b' });
    expect(mergePatch({}, { a: { bb: { ccc: null } } })).toEqual({ a: { bb: {} } });
  });

  test('diffPatch gives the smallest patch that mergePatch turns back into the target', () => {
    const from = { id: 's', seed: 1, model: { kind: 'logistic', epochs: 3 }, events: [{ at: 180 }], gone: 1 };
    const to = {
      id: 's',
      seed: 1,
      model: { kind: 'logistic', epochs: 5 },
      events: [{ at: 90 }],
      added: { x: 1 },
    };
    const patch = diffPatch(from, to);
    expect(patch).toEqual({ gone: null, model: { epochs: 5 }, events: [{ at: 90 }], added: { x: 1 } });
    expect(mergePatch(from, patch)).toEqual(to);
    expect(diffPatch(from, structuredClone(from))).toBeUndefined();
  });

  test('deepEqual(a, b) compares JSON values by content', () => {
    expect(deepEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(deepEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(deepEqual([1, 2], [2, 1])).toBe(false);
  });
});

describe('resolveSetup(state, library, defaultId) and shareState(json, library, seed, ticks)', () => {
  const library = {
    base: { id: 'base', seed: 1, ticks: 365, model: { epochs: 3 } },
    other: { id: 'other', seed: 2, ticks: 100 },
  };

  test('a library id plus a patch gives the edited scenario, and back', () => {
    const edited = { id: 'base', seed: 1, ticks: 365, model: { epochs: 9 } };
    const state = shareState(edited, library, 7, undefined);
    expect(state).toEqual({ scenarioId: 'base', patch: { model: { epochs: 9 } }, seed: 7 });
    const setup = resolveSetup(parseUrlState(formatUrlState(state)).state, library, 'base');
    expect(setup).toEqual({ json: edited, seed: 7, ticks: undefined, problems: [] });
  });

  test('an unedited library scenario is its id alone; a run-length override is kept', () => {
    expect(shareState(structuredClone(library.other), library, 2, 50)).toEqual({
      scenarioId: 'other',
      seed: 2,
      ticks: 50,
    });
    expect(shareState(structuredClone(library.other), library, 2, 100)).toEqual({
      scenarioId: 'other',
      seed: 2,
    });
  });

  test('a scenario that is not in the library travels whole', () => {
    const mine = { id: 'mine', seed: 3, ticks: 10 };
    const state = shareState(mine, library, 3, undefined);
    expect(state).toEqual({ scenario: mine, seed: 3 });
    expect(resolveSetup(parseUrlState(formatUrlState(state)).state, library, 'base').json).toEqual(mine);
  });

  test('an unknown id or a non-object falls back to the default, with a note', () => {
    expect(resolveSetup({ scenarioId: 'nope' }, library, 'base')).toEqual({
      json: library.base,
      seed: undefined,
      ticks: undefined,
      problems: ['scenario: no library scenario "nope", showing "base"'],
    });
    expect(resolveSetup({ scenario: [1] }, library, 'base').json).toEqual(library.base);
  });

  test('the resolved scenario is a copy: editing it leaves the library alone', () => {
    const setup = resolveSetup({}, library, 'base');
    (setup.json.model as { epochs: number }).epochs = 100;
    expect(library.base.model.epochs).toBe(3);
  });

  test('withOverrides(json, seed, ticks) sets only what is given', () => {
    expect(withOverrides({ seed: 1, ticks: 5, x: 1 }, 9, undefined)).toEqual({ seed: 9, ticks: 5, x: 1 });
    expect(withOverrides({ seed: 1, ticks: 5 }, undefined, 3)).toEqual({ seed: 1, ticks: 3 });
  });
});

describe('the comparison flag', () => {
  test('compare=1 turns the comparison on, compare=0 off; anything else is a problem, ignored', () => {
    expect(parseUrlState('?compare=1').state.compare).toBe(true);
    expect(parseUrlState('?compare=0').state.compare).toBe(false);
    const bad = parseUrlState('?compare=yes&seed=3');
    expect(bad.state).toEqual({ seed: 3 });
    expect(bad.problems).toEqual(['compare: expected 1 or 0, got "yes" (ignored)']);
  });

  test('a link written while comparing carries compare=1; one written without, nothing', () => {
    const json = { id: 'x', title: 'X', ticks: 10 };
    const on = formatUrlState(shareState(json, { x: json }, 4, undefined, true));
    expect(on).toBe('?scenario=x&seed=4&compare=1');
    expect(parseUrlState(on).state).toEqual({ scenarioId: 'x', seed: 4, compare: true });
    expect(formatUrlState(shareState(json, { x: json }, 4, undefined))).toBe('?scenario=x&seed=4');
  });
});
