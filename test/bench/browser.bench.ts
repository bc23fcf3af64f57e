// The browser app in headless Chromium, against the issue's targets: the first chart drawn within
// 1.5 s of navigation, no main-thread task over 50 ms while a run plays, and the default scenario at
// full speed within twice the headless CLI's time.
//
// browser.default: builds the app (vite build into a temporary directory), serves it with
//   `vite preview` on 127.0.0.1 and opens it in Debian's Chromium (test/e2e/harness.ts, which
//   installs Chromium when missing). Long tasks are recorded from the first byte by a
//   PerformanceObserver ('longtask', buffered) the page gets as an init script.
//   - firstChartMs: navigation start to the app's `driftlab:first-chart` mark, set when the loaded
//     scenario's charts are first drawn (a fresh page each round; best of ROUNDS).
//   - browserSeconds: "as fast as possible" from the Play click (`driftlab:play`) to the frame that
//     draws the finished run (`driftlab:run-done`), the default scenario as shipped (best of ROUNDS).
//   - longestTaskMs / longTasks: the longest main-thread task and the count of tasks over 50 ms that
//     start while the run plays (worst of ROUNDS).
//   - longestDrawMs: the longest single frame's drawing (`driftlab:draw` measures).
//   - cliSeconds: `driftlab run` on the same scenario as a user runs it (a fresh Node process: tsx
//     start-up, the run, the summary and the files written), best of ROUNDS; coreSeconds: the
//     simulation alone in this process (Simulation.create to result()), best of ROUNDS.
//   - cliToBrowserRatio = cliSeconds / browserSeconds (target ≥ 0.5: the browser within 2× the CLI);
//     coreToBrowserRatio the same against the bare simulation, the stricter reading.
// browser.decade: the same at 3,650 ticks (?ticks=3650, --ticks 3650), one round: the frame's
//   work must not grow with the length of the run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/core/engine/run.ts';
import { ROOT, startHarness } from '../e2e/harness.ts';
import { benchScenario, DEFAULT_SCENARIO } from './engine.bench.ts';
import type { BenchCase } from './types.ts';

const ROUNDS = 3;
const LONG_TASK_MS = 50;

interface PageFigures {
  firstChartMs: number;
  browserSeconds: number;
  longestTaskMs: number;
  longTasks: number;
  longestDrawMs: number;
  ticks: number;
}

// Runs in the page before any of its scripts.
const OBSERVE_LONG_TASKS = `
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
`;

// Read in the page once the run is done. A string, not a function: tsx would wrap a function's inner
// arrows in its own \`__name\` helper, which the page does not have.
const READ_FIGURES = `(() => {
  const at = (name) => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
  const play = at('driftlab:play');
  const done = at('driftlab:run-done');
  const during = window.__longTasks.filter((t) => t.start >= play && t.start <= done);
  const draws = performance.getEntriesByName('driftlab:draw').map((e) => e.duration);
  return {
    firstChartMs: at('driftlab:first-chart'),
    browserSeconds: (done - play) / 1000,
    longestTaskMs: Math.max(0, ...during.map((t) => t.duration)),
    longTasks: during.filter((t) => t.duration > ${LONG_TASK_MS}).length,
    longestDrawMs: Math.max(0, ...draws),
    ticks: Number(document.querySelector('#status').dataset.tick),
  };
})()`;

function cliSeconds(ticks: number | undefined): number {
  const out = mkdtempSync(join(tmpdir(), 'driftlab-bench-cli-'));
  const args = ['src/cli/driftlab.js', 'run', `scenarios/${DEFAULT_SCENARIO}`, '--out', out, '--quiet'];
  if (ticks !== undefined) args.push('--ticks', String(ticks));
  try {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
    const seconds = (performance.now() - t0) / 1000;
    if (r.status !== 0) throw new Error(`driftlab run failed (${r.status}): ${r.stderr}`);
    return seconds;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

async function coreSeconds(ticks: number | undefined): Promise<number> {
  const sc = benchScenario(DEFAULT_SCENARIO, (json) => {
    if (ticks !== undefined) json.ticks = ticks;
  });
  const t0 = performance.now();
  await run(sc, { version: 'bench' });
  return (performance.now() - t0) / 1000;
}

/** The default scenario in the app at full speed, `rounds` fresh pages; `ticks` overrides its length. */
function browserCase(name: string, rounds: number, ticks?: number): BenchCase {
  return {
    name,
    async run() {
      const h = await startHarness();
      const results: PageFigures[] = [];
      try {
        await h.context.addInitScript({ content: OBSERVE_LONG_TASKS });
        for (let i = 0; i < rounds; i++) {
          const page = await h.context.newPage();
          await page.goto(`${h.base}${ticks === undefined ? '' : `?ticks=${ticks}`}`);
          await page.waitForSelector('#status[data-state="paused"][data-tick="0"]', { timeout: 60_000 });
          await page.selectOption('#speed-select', 'max');
          await page.click('#play-button');
          await page.waitForSelector('#status[data-state="done"]', { timeout: 600_000 });
          await page.waitForSelector('#summary[data-fingerprint]', { timeout: 60_000 });
          const f = (await page.evaluate(READ_FIGURES)) as PageFigures;
          results.push(f);
          console.error(`${name} round ${i + 1}: ${JSON.stringify(f)}`);
          await page.close();
        }
        if (h.errors.length > 0) throw new Error(`the page logged errors: ${h.errors.join('; ')}`);
      } finally {
        await h.close();
      }
      const cli: number[] = [];
      const core: number[] = [];
      for (let i = 0; i < rounds; i++) {
        cli.push(cliSeconds(ticks));
        core.push(await coreSeconds(ticks));
      }
      const best = (k: keyof PageFigures) => Math.min(...results.map((r) => r[k]));
      const worst = (k: keyof PageFigures) => Math.max(...results.map((r) => r[k]));
      const browserSeconds = best('browserSeconds');
      const bestCli = Math.min(...cli);
      const bestCore = Math.min(...core);
      return {
        ticks: results[0]!.ticks,
        firstChartMs: best('firstChartMs'),
        browserSeconds,
        cliSeconds: bestCli,
        coreSeconds: bestCore,
        cliToBrowserRatio: bestCli / browserSeconds,
        coreToBrowserRatio: bestCore / browserSeconds,
        longestTaskMs: worst('longestTaskMs'),
        longTasks: worst('longTasks'),
        longestDrawMs: worst('longestDrawMs'),
      };
    },
  };
}

const cases: BenchCase[] = [
  browserCase('browser.default', ROUNDS),
  // Ten years of days: drawing must not grow with the run (incremental lines, a frame budget).
  browserCase('browser.decade', 1, 3650),
];

export default cases;
