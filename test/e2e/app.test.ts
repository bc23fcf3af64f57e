// The browser app, end to end: built with Vite, served on 127.0.0.1, driven in Debian's Chromium.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { run } from '../../src/core/engine/run.ts';
import { comparisonResult } from '../../src/core/evaluate/compare.ts';
import { withoutGuardrails } from '../../src/core/evaluate/variant.ts';
import { validateScenario } from '../../src/core/scenario/validate.ts';
import { type Harness, openApp, ROOT, runToEnd, shot, startHarness } from './harness.ts';

// A shorter year: the default scenario's shift starts at tick 180 and lasts 14 ticks.
const SHORT = '?ticks=215';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
}, 180_000);

afterAll(async () => {
  await h?.close();
});

async function pathLength(page: Page, selector: string): Promise<number> {
  return page.$$eval(selector, (els) => els.reduce((a, e) => a + (e.getAttribute('d')?.length ?? 0), 0));
}

describe('the browser app', () => {
  let page: Page;

  test('runs the default scenario to the end: every chart has data, a monitor catches the shift', async () => {
    page = await openApp(h, SHORT);
    await shot(page, '01-loaded');
    // Screen readers: every control and every chart has a name (from the accessibility tree).
    const tree = await page.locator('body').ariaSnapshot();
    const roles = /^\s*- '?(button|combobox|textbox|checkbox|spinbutton|slider|progressbar|img)\b(.*)$/gm;
    const controls = [...tree.matchAll(roles)];
    expect(controls.length).toBeGreaterThan(25);
    expect(controls.filter((m) => !/^\s+"[^"]+"/.test(m[2]!)).map((m) => m[0].trim())).toEqual([]);
    // Nothing to export before the first tick: a notice, not an empty file.
    await page.click('#export-json');
    expect(await page.textContent('#notice')).toBe('Nothing to export yet: run a few ticks first.');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const layout = () =>
      page.$$eval('.bar, .panel', (els) =>
        els.map((e) => {
          const r = e.getBoundingClientRect();
          return `${e.id || e.className} ${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.width)}x${Math.round(r.height)}`;
        }),
      );
    const before = await layout();
    expect(await page.textContent('#status')).toContain('tick 0 / 215');
    // Space plays (the keyboard path), at full speed.
    await page.selectOption('#speed-select', 'max');
    await page.locator('body').focus();
    await page.keyboard.press('Space');
    await page.waitForSelector('#status[data-state="done"]', { timeout: 45_000 });
    await page.waitForSelector('#summary[data-fingerprint]');
    // Nothing moved while the run played.
    expect(await layout()).toEqual(before);

    expect(await pathLength(page, '#chart-quality .lines path')).toBeGreaterThan(1000);
    expect(await page.$$eval('#chart-quality .bands g.band', (e) => e.length)).toBeGreaterThan(0);
    expect(await page.$$eval('#chart-quality .markers path', (e) => e.length)).toBeGreaterThan(0);
    const lanes = await page.$$eval('#chart-lanes g.lane g.statistic', (els) =>
      els.map((g) =>
        [...g.querySelectorAll('path')].reduce((a, p) => a + (p.getAttribute('d')?.length ?? 0), 0),
      ),
    );
    expect(lanes.length).toBe(3);
    for (const l of lanes) expect(l).toBeGreaterThan(100);
    expect(await page.$$eval('#chart-lanes .caught-label', (e) => e.length)).toBeGreaterThan(0);
    const detected = await page.$$eval('#chart-matrix g.cell[data-state="detected"]', (els) =>
      els.map((e) => e.getAttribute('data-monitor')),
    );
    expect(detected.filter((m) => m && !m.startsWith('baseline:')).length).toBeGreaterThan(0);
    expect(await page.getAttribute('#chart-matrix svg', 'data-final')).toBe('true');
    expect(await page.$$eval('#chart-data rect.current', (e) => e.length)).toBeGreaterThan(5);
    expect(await page.$$eval('#chart-data g.field', (e) => e.length)).toBe(7);
    expect(await page.$$eval('#chart-data g.field[data-anomalies="0"]', (e) => e.length)).toBe(7);
    const points = await page.$$eval('#chart-population .points path', (els) =>
      els.reduce((a, e) => a + Number(e.getAttribute('data-points')), 0),
    );
    expect(points).toBeGreaterThan(100);
    expect(await page.$$eval('#chart-population g.segment', (e) => e.length)).toBe(3);
    await shot(page, '02-default-run-done');

    // Another field in the data view: a categorical one.
    await page.selectOption('#feature-select', 'topic');
    await page.waitForFunction(() => document.querySelectorAll('#chart-data rect.current').length === 10);
    await page.locator('#panel-data').screenshot({ path: `${ROOT}/test-results/e2e/03-data-topic.png` });

    expect(h.errors).toEqual([]);
    expect(h.external).toEqual([]);
  });

  test('fits a 1024 px wide window without horizontal scrolling', async () => {
    await page.setViewportSize({ width: 1024, height: 768 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${ROOT}/test-results/e2e/04-1024px.png` });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  test('a share link reproduces the run exactly', async () => {
    await page.fill('#seed-input', '7');
    await page.press('#seed-input', 'Enter');
    await page.waitForSelector('#status[data-state="paused"][data-tick="0"]');
    expect(page.url()).toContain('seed=7');
    await runToEnd(page);
    const first = await page.getAttribute('#summary', 'data-fingerprint');
    const summary = await page.textContent('#summary');
    await page.click('#share-button');
    const link = await page.inputValue('#share-link');
    expect(link).toMatch(/scenario=recommender-trend-shift/);
    expect(link).toMatch(/seed=7/);
    expect(link).toMatch(/ticks=215/);

    const other = await h.context.newPage();
    await openApp(h, link.slice(h.base.length), other);
    expect(await other.inputValue('#seed-input')).toBe('7');
    await runToEnd(other);
    expect(await other.getAttribute('#summary', 'data-fingerprint')).toBe(first);
    expect(await other.textContent('#summary')).toBe(summary);
    await other.close();
    expect(h.errors).toEqual([]);
  });

  test('a scenario opened from a file runs, and its link carries the whole scenario', async () => {
    const json = JSON.parse(readFileSync(`${ROOT}/scenarios/recommender-trend-shift.json`, 'utf8'));
    Object.assign(json, { id: 'my-own-scenario', title: 'Mine', ticks: 30, events: [] });
    const p = await openApp(h);
    await p.setInputFiles('#file-input', {
      name: 'mine.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(json)),
    });
    await p.waitForFunction(() => location.search.includes('json='));
    await p.waitForSelector('#status[data-state="paused"][data-tick="0"]');
    expect(await p.textContent('#story-title')).toBe('Mine');
    await runToEnd(p);
    const fp = await p.getAttribute('#summary', 'data-fingerprint');
    const again = await openApp(h, new URL(p.url()).search);
    expect(JSON.parse(await again.inputValue('#scenario-json'))).toEqual(json);
    await runToEnd(again);
    expect(await again.getAttribute('#summary', 'data-fingerprint')).toBe(fp);
    await p.close();
    await again.close();
    expect(h.errors).toEqual([]);
  });

  test('exports the run (JSON, CSV) and every chart (SVG, PNG); the JSON equals a headless run', async () => {
    const save = async (selector: string) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
      const path = await download.path();
      return { name: download.suggestedFilename(), bytes: readFileSync(path) };
    };
    const json = await save('#export-json');
    expect(json.name).toBe('recommender-trend-shift-seed7.run.json');
    const result = JSON.parse(json.bytes.toString('utf8'));
    expect(result.format).toBe('driftlab.run/1');
    expect(result.ticks).toBe(215);

    const csv = await save('#export-csv');
    const lines = csv.bytes.toString('utf8').trim().split('\n');
    expect(lines.length).toBe(216);
    const header = lines[0]!.split(',');
    expect(header).toContain('trueAuc');
    const col = header.indexOf('trueAuc');
    expect(Number(lines[100]!.split(',')[col])).toBeCloseTo(result.metrics.trueAuc[99], 12);

    for (const id of ['quality', 'lanes', 'matrix', 'data', 'population']) {
      const svg = await save(`button[data-export="${id}"][data-format="svg"]`);
      expect(svg.name).toBe(`recommender-trend-shift-seed7.${id}.svg`);
      const text = svg.bytes.toString('utf8');
      expect(text).toMatch(/<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      expect(text.trim().endsWith('</svg>')).toBe(true);
      const png = await save(`button[data-export="${id}"][data-format="png"]`);
      expect(png.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(png.bytes.length).toBeGreaterThan(2000);
    }

    // The same scenario and seed in Node: the same incidents, alarms and catch matrix; the numbers
    // agree to the last few bits (Node's V8 and Chromium's differ in the last ulp of some Math
    // functions, so byte equality holds within one engine, not across engines).
    const v = validateScenario(result.scenario);
    if (!v.ok) throw new Error(v.errors.join('\n'));
    const headless = JSON.parse(JSON.stringify(await run(v.scenario, { version: result.driftlab })));
    expect(headless.incidents).toEqual(result.incidents);
    expect(headless.alarms).toEqual(result.alarms);
    expect(headless.evaluation.catchMatrix).toEqual(result.evaluation.catchMatrix);
    const diff = compare(headless, result);
    expect(diff.structural).toEqual([]);
    expect(diff.maxRelative).toBeLessThan(1e-9);
    expect(h.errors).toEqual([]);
  });

  test('an invalid edit is shown at its path and the run does not start', async () => {
    page = await openApp(h, SHORT, page as Page | undefined);
    const json = JSON.parse(await page.inputValue('#scenario-json'));
    // An event after the end of the run (a check on the whole scenario)...
    json.events[0].at = 400;
    await page.fill('#scenario-json', JSON.stringify(json, null, 2));
    await page.click('#play-button');
    const at = page.locator('#editor-errors li[data-path="events[0].at"]');
    await at.waitFor();
    expect(await at.textContent()).toContain('expected 0 ≤ at < 365 (ticks), got 400');
    const lineOf = async (li: typeof at) => {
      const lines = (await page.inputValue('#scenario-json')).split('\n');
      return lines[Number(await li.getAttribute('data-line')) - 1];
    };
    expect(await lineOf(at)).toMatch(/"at": 400/);
    // ...and two wrong values (checks of the structure), marked on their own lines.
    json.events[0].at = 180;
    json.model.learningRate = 'fast';
    json.population.users = 3;
    // (Validated as you type: Play stays disabled while the scenario is invalid.)
    await page.fill('#scenario-json', JSON.stringify(json, null, 2));
    const lr = page.locator('#editor-errors li[data-path="model.learningRate"]');
    const users = page.locator('#editor-errors li[data-path="population.users"]');
    await lr.waitFor();
    await users.waitFor();
    expect(await lr.textContent()).toContain('expected a number');
    expect(await lineOf(lr)).toMatch(/"learningRate": "fast"/);
    expect(await lineOf(users)).toMatch(/"users": 3/);
    const marked = await page.$$eval('.editor-backdrop mark.error-line', (e) =>
      e.map((m) => m.getAttribute('data-line')),
    );
    expect(marked).toEqual(
      expect.arrayContaining([await lr.getAttribute('data-line'), await users.getAttribute('data-line')]),
    );
    expect(await page.getAttribute('#status', 'data-state')).toBe('invalid');
    expect(await page.getAttribute('#status', 'data-tick')).toBe('0');
    expect(await page.isDisabled('#play-button')).toBe(true);
    await page.locator('#scenario-json').evaluate((e) => e.scrollIntoView());
    await page.locator('.editor-panel').scrollIntoViewIfNeeded();
    await page.evaluate(() => {
      const ta = document.querySelector<HTMLTextAreaElement>('#scenario-json')!;
      const line = Number(document.querySelector('#editor-errors li')!.getAttribute('data-line'));
      ta.scrollTop = Math.max(0, (line - 6) * 18);
      ta.dispatchEvent(new Event('scroll'));
    });
    await page.locator('.editor-panel').screenshot({ path: `${ROOT}/test-results/e2e/05-editor-errors.png` });
    // Malformed JSON: the error names the line.
    await page.fill('#scenario-json', '{\n  "id": "x",\n  "ticks": 12,,\n}');
    await page.click('#apply-button');
    await page.waitForSelector('#editor-errors li[data-path="(file)"]');
    expect(await page.getAttribute('#editor-errors li', 'data-line')).toBe('3');
    // Revert restores the applied scenario; play works again.
    await page.click('#revert-button');
    await page.waitForFunction(() => !document.querySelector<HTMLButtonElement>('#play-button')!.disabled);
    expect(h.errors).toEqual([]);
  });

  test('the keyboard steps, resets and plays', async () => {
    await page.locator('body').focus();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('ArrowRight');
    await page.waitForSelector('#status[data-tick="1"]');
    await page.keyboard.press('ArrowRight');
    await page.waitForSelector('#status[data-tick="2"]');
    await page.keyboard.press('r');
    await page.waitForSelector('#status[data-state="paused"][data-tick="0"]');
    await page.selectOption('#speed-select', '30');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Space');
    await page.waitForFunction(
      () => Number(document.querySelector('#status')!.getAttribute('data-tick')) >= 5,
    );
    await page.keyboard.press('Space');
    await page.waitForSelector('#status[data-state="paused"]');
    const tick = Number(await page.getAttribute('#status', 'data-tick'));
    await page.waitForTimeout(300);
    expect(Number(await page.getAttribute('#status', 'data-tick'))).toBe(tick);
    expect(h.errors).toEqual([]);
  });

  test('every library scenario loads from the picker and steps', async () => {
    const ids = await page.$$eval('#scenario-select option:not([disabled])', (os) =>
      os.map((o) => (o as HTMLOptionElement).value),
    );
    expect(ids).toContain('recommender-trend-shift');
    for (const id of ids) {
      await page.selectOption('#scenario-select', id);
      await page.waitForFunction((want) => {
        const s = document.querySelector('#status');
        return location.search.includes(`scenario=${want}`) && s?.getAttribute('data-tick') === '0';
      }, id);
      await page.click('#step-button');
      await page.waitForSelector('#status[data-tick="1"]');
      await page.click('#step-button');
      await page.waitForSelector('#status[data-tick="2"]');
      expect(await page.$$eval('#chart-population g.segment', (e) => e.length)).toBeGreaterThan(0);
      expect(await page.$$eval('#chart-data g.field', (e) => e.length)).toBeGreaterThan(0);
    }
    await page.selectOption('#scenario-select', 'fraud-new-pattern');
    await page.selectOption('#speed-select', 'max');
    await page.click('#play-button');
    await page.waitForFunction(
      () => Number(document.querySelector('#status')!.getAttribute('data-tick')) >= 130,
    );
    await page.click('#play-button');
    await page.waitForSelector('#status[data-state="paused"]');
    await shot(page, '07-fraud-paused');
    expect(h.errors).toEqual([]);
  });

  test('compares with the guardrails off: both runs overlaid, the gap shaded; the link and the export carry it', async () => {
    const p = await openApp(h, '?compare=1');
    // The default scenario has no guardrails: nothing to compare, and a link asking for it is told so.
    expect(await p.isDisabled('#compare-toggle')).toBe(true);
    expect(await p.textContent('#notice')).toBe(
      'Link: compare: this scenario has no guardrails to turn off (ignored)',
    );
    await p.selectOption('#scenario-select', 'guardrail-input-gate');
    await p.waitForSelector('#status[data-state="paused"][data-tick="0"]');
    await p.waitForFunction(() => !(document.querySelector('#compare-toggle') as HTMLInputElement).disabled);
    await p.check('#compare-toggle');
    await p.waitForFunction(() => location.search.includes('compare=1'));
    await p.waitForSelector('#status[data-state="paused"][data-tick="0"]');
    await runToEnd(p);
    expect(await pathLength(p, '#chart-quality g.series.counterfactual path')).toBeGreaterThan(1000);
    // The input gate keeps expected CTR up through a unit change: a visible gain, a little cost.
    expect(await pathLength(p, '#chart-quality .gap g[data-side="gain"] path')).toBeGreaterThan(200);
    expect(await p.$$eval('#chart-quality .markers path.guardrail', (e) => e.length)).toBeGreaterThan(0);
    const summary = await p.textContent('#summary');
    expect(await p.$$eval('#chart-quality .spans line', (e) => e.length)).toBe(1);
    // The unit change hits expected CTR only without the gate (as `driftlab run --vs` reports it).
    expect(summary).toMatch(/time to recover: e1-fault\.unitChange unaffected with, \d+ ticks without/);
    expect(summary).toMatch(
      /Guardrails on vs off, same seed: expectedCtr 0\.\d+ with, 0\.\d+ without, a tick on average \(guardrails helped\) · value \d+ with, \d+ without, a tick on average \(guardrails helped: \+\d+ over the run\)/,
    );
    await shot(p, '08-compare-guardrails');

    // The export is what `driftlab run --vs --no-guardrails` writes, and agrees with Node.
    const [download] = await Promise.all([p.waitForEvent('download'), p.click('#export-json')]);
    expect(download.suggestedFilename()).toBe('guardrail-input-gate-seed1-vs-no-guardrails.run.json');
    const both = JSON.parse(readFileSync(await download.path(), 'utf8'));
    expect(both.format).toBe('driftlab.comparison/1');
    expect(both.variant.scenario.guardrails).toEqual([]);
    const v = validateScenario(both.base.scenario);
    if (!v.ok) throw new Error(v.errors.join('\n'));
    const headless = comparisonResult(
      await run(v.scenario, { version: both.base.driftlab }),
      await run(withoutGuardrails(v.scenario), { version: both.base.driftlab }),
    );
    expect(both.comparison.firstDifference).toBe(headless.comparison.firstDifference);
    expect(both.comparison.incidents).toEqual(headless.comparison.incidents);
    for (const m of ['expectedCtr', 'value', 'trueAuc'])
      expect(both.comparison.metrics[m].regret).toBeCloseTo(headless.comparison.metrics[m]!.regret!, 6);

    // The link reopens the comparison, and the run is the same.
    const again = await openApp(h, new URL(p.url()).search);
    expect(await again.isChecked('#compare-toggle')).toBe(true);
    await runToEnd(again);
    expect(await again.textContent('#summary')).toBe(summary);
    await again.close();
    await p.close();
    expect(h.errors).toEqual([]);
  });

  test('the data panel shows schema anomalies inside a pipeline fault, and none outside', async () => {
    // pipeline-faults sends userTopicCtr as a percentage over ticks 65-68: end the run at tick 67
    // (the later faults dropped, as they would fall after the end).
    const p = await openApp(h, '?scenario=pipeline-faults');
    const json = JSON.parse(await p.inputValue('#scenario-json'));
    json.ticks = 68;
    json.events = json.events
      .filter((e: { at: number }) => e.at < 68)
      .map((e: { at: number; duration: number }) => ({ ...e, duration: Math.min(e.duration, 68 - e.at) }));
    await p.fill('#scenario-json', JSON.stringify(json, null, 2));
    await p.click('#apply-button');
    await p.waitForFunction(() => document.querySelector('#status')?.textContent === 'tick 0 / 68 · paused');
    await runToEnd(p);
    const field = p.locator('#chart-data g.field[data-field="userTopicCtr"]');
    expect((await field.getAttribute('data-checks'))?.split(' ')).toEqual(
      expect.arrayContaining(['scale', 'range']),
    );
    expect(await field.locator('text.anomaly-text').textContent()).toMatch(/^scale ×\d+/);
    const others = await p.$$eval('#chart-data g.field:not([data-field="userTopicCtr"])', (els) =>
      els.map((e) => e.getAttribute('data-anomalies')),
    );
    expect(others.every((n) => n === '0')).toBe(true);
    const validation = p.locator('#chart-data g.validation[data-monitor="validation"]');
    expect(await validation.getAttribute('data-state')).toBe('alarm');
    expect(await validation.getAttribute('data-fields')).toContain('userTopicCtr');
    await shot(p, '09-data-unit-change');
    await p.close();
    expect(h.errors).toEqual([]);
  });

  test('a failure inside the simulation is shown and reset recovers', async () => {
    const p = await openApp(h, '?ticks=200&debug-fail-at=12');
    await p.selectOption('#speed-select', 'max');
    await p.click('#play-button');
    await p.waitForSelector('#error-banner:not([hidden])');
    expect(await p.textContent('#error-message')).toContain('injected failure at tick 12');
    expect(await p.getAttribute('#status', 'data-state')).toBe('error');
    expect(await p.isDisabled('#play-button')).toBe(true);
    await shot(p, '06-worker-failure');
    await p.click('#error-reset');
    await p.waitForSelector('#status[data-state="paused"][data-tick="0"]');
    expect(await p.isHidden('#error-banner')).toBe(true);
    await runToEnd(p);
    expect(await p.textContent('#status')).toContain('tick 200 / 200');
    await p.close();
    expect(h.errors).toEqual([]);
  });

  test('a scenario with the tfjs MLP runs in the worker on the wasm backend', async () => {
    const p = await openApp(h);
    const json = JSON.parse(await p.inputValue('#scenario-json'));
    json.ticks = 25;
    json.events = [];
    json.model = { kind: 'mlp', hidden: [8], learningRate: 0.01, epochs: 1, warmup: 14 };
    await p.fill('#scenario-json', JSON.stringify(json, null, 2));
    await p.click('#apply-button');
    await p.waitForSelector('#status[data-state="paused"][data-tick="0"]', { timeout: 30_000 });
    await runToEnd(p, 60_000);
    const [download] = await Promise.all([p.waitForEvent('download'), p.click('#export-json')]);
    const result = JSON.parse(readFileSync(await download.path(), 'utf8'));
    expect(result.model.kind).toBe('mlp');
    expect(result.ticks).toBe(25);
    expect(h.errors).toEqual([]);
    expect(h.external).toEqual([]);
    await p.close();
  });
});

/** Differences between two JSON values: structural ones listed, numbers by their largest relative gap. */
function compare(a: unknown, b: unknown, path = '', out = { structural: [] as string[], maxRelative: 0 }) {
  if (typeof a === 'number' && typeof b === 'number') {
    const rel = Math.abs(a - b) / Math.max(1e-300, Math.abs(a), Math.abs(b));
    out.maxRelative = Math.max(out.maxRelative, a === b ? 0 : rel);
  } else if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) out.structural.push(`${path}: length ${a.length} vs ${b.length}`);
    else
      a.forEach((x, i) => {
        compare(x, b[i], `${path}[${i}]`, out);
      });
  } else if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    if (ka.join() !== kb.join()) out.structural.push(`${path}: keys ${ka} vs ${kb}`);
    else for (const k of ka) compare((a as never)[k], (b as never)[k], `${path}.${k}`, out);
  } else if (a !== b) out.structural.push(`${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  return out;
}
