// The app: wires the controls, the worker and the charts. The simulation runs in a Web Worker; this
// thread only draws, at most once per animation frame, from the batches the worker sends. This is
// the only module that reads or writes `location`.
import * as Comlink from 'comlink';
import { CatchMatrix } from '../charts/catch-matrix.ts';
import type { Chart } from '../charts/chart.ts';
import { DistributionChart } from '../charts/distribution-chart.ts';
import { MonitorLanes } from '../charts/monitor-lanes.ts';
import { PopulationChart } from '../charts/population-chart.ts';
import { QualityChart } from '../charts/quality-chart.ts';
import type {
  Batch,
  ComparisonSummary,
  DataSummary,
  LiveEvaluation,
  PopulationView,
  RunInfo,
  RunStatus,
  SimApi,
  Speed,
} from '../protocol/sim.ts';
import { ScenarioEditor } from './editor.ts';
import {
  comparisonCsv,
  download,
  fingerprint,
  resultCsv,
  resultJson,
  runStem,
  svgPng,
  svgText,
} from './export.ts';
import { qualitySeries, RunHistory } from './history.ts';
import { keyAction } from './keyboard.ts';
import { buildLayout, type PanelId } from './layout.ts';
import { DEFAULT_SCENARIO, LIBRARY } from './library.ts';
import { resolveSetup, shareState, withOverrides } from './share.ts';
import { formatUrlState, parseUrlState } from './url-state.ts';
import { comparisonText, detections, lanesData, matrixData, qualityData } from './view-model.ts';
import './app.css';

const ui = buildLayout(document.querySelector<HTMLElement>('#app')!);
const charts = {
  quality: new QualityChart(ui.panels.quality),
  lanes: new MonitorLanes(ui.panels.lanes),
  matrix: new CatchMatrix(ui.panels.matrix),
  data: new DistributionChart(ui.panels.data),
  population: new PopulationChart(ui.panels.population),
} satisfies Record<PanelId, Chart<never>>;

// --- State -------------------------------------------------------------------------------------
const parsed = parseUrlState(location.search);
const setup = resolveSetup(parsed.state, LIBRARY, DEFAULT_SCENARIO);
/** The scenario as last applied (the editor may hold unapplied changes). */
let applied: Record<string, unknown> = setup.json;
let seed: number = setup.seed ?? (typeof applied.seed === 'number' ? applied.seed : 1);
let ticksOverride: number | undefined = setup.ticks;
let failAt = parsed.state.failAt;
let info: RunInfo | null = null;
let log: RunHistory | null = null;
let status: RunStatus = 'idle';
let next = 0;
let evaluation: LiveEvaluation | null = null;
let data: DataSummary | null = null;
let population: PopulationView | null = null;
let comparison: ComparisonSummary | null = null;
let dirty = false;
let invalid = false;
let summaryFor = -1;
/** Counts loads and resets: only the latest one's reply is used. */
let loads = 0;
const queue: Batch[] = [];
let frameRequested = false;

// --- The worker ----------------------------------------------------------------------------------
let worker: Worker;
let api: Comlink.Remote<SimApi>;

/** A fresh worker; `compare`: its runs compare with the guardrails off. */
function startWorker(compare: boolean): void {
  worker = new Worker(new URL('../worker/sim.worker.ts', import.meta.url), {
    type: 'module',
    name: 'driftlab-sim',
  });
  worker.addEventListener('error', (e) => {
    e.preventDefault();
    showError(`the simulation worker crashed${e.message ? `: ${e.message}` : ''}`, true);
  });
  api = Comlink.wrap<SimApi>(worker);
  void api.subscribe(Comlink.proxy(onBatch));
  if (compare) void api.setCompare(true);
}

let workerDead = false;

function onBatch(batch: Batch): void {
  queue.push(batch);
  if (!frameRequested) {
    frameRequested = true;
    requestAnimationFrame(drawFrame);
  }
}

// --- Loading -----------------------------------------------------------------------------------
async function load(json: Record<string, unknown>): Promise<boolean> {
  const run = withOverrides(json, seed, ticksOverride);
  setNotice('Loading…');
  const mine = ++loads;
  let reply: Awaited<ReturnType<SimApi['load']>>;
  try {
    reply = await api.load(run, failAt === undefined ? {} : { failAt });
  } catch (error) {
    if (mine === loads) showError(message(error), false);
    return false;
  }
  if (mine !== loads) return false; // a newer load or reset took over
  failAt = undefined; // the test hook fails one run only
  if (!reply.ok) {
    editor.showErrors(reply.errors);
    invalid = true;
    setNotice(
      `The scenario has ${plural(reply.errors.length, 'problem')}; fix ${reply.errors.length > 1 ? 'them' : 'it'} to run.`,
    );
    updateControls();
    return false;
  }
  applied = json;
  dirty = false;
  invalid = false;
  editor.showErrors([]);
  start(reply.info);
  writeUrl();
  if (parsed.state.compare && !reply.info.canCompare)
    parsed.problems.push('compare: this scenario has no guardrails to turn off (ignored)');
  parsed.state.compare = undefined; // the link's flag applies to the run it opens only
  setNotice(parsed.problems.length > 0 ? `Link: ${parsed.problems.join('; ')}` : '');
  parsed.problems.length = 0;
  return true;
}

/** A fresh run (after load or reset): empty charts sized for it. */
function start(runInfo: RunInfo): void {
  info = runInfo;
  log = new RunHistory(
    runInfo.ticks,
    runInfo.metrics,
    runInfo.monitors.map((m) => m.id),
    runInfo.counterfactual?.metrics ?? [],
  );
  comparison = null;
  ui.compareToggle.disabled = !runInfo.canCompare;
  ui.compareToggle.checked = runInfo.counterfactual !== null;
  ui.compareToggle.parentElement!.title = runInfo.canCompare
    ? 'Run the scenario again beside itself with its guardrails off, on the same seed, and shade the difference'
    : 'This scenario has no guardrails to turn off: add some in the editor, or pick a guardrail-* scenario';
  status = 'paused';
  next = 0;
  evaluation = null;
  data = runInfo.data;
  population = runInfo.population;
  summaryFor = -1;
  queue.length = 0;
  hideError();
  ui.summary.textContent = '';
  delete ui.summary.dataset.fingerprint;
  for (const c of Object.values(charts)) c.reset();
  const feature = ui.featureSelect.value;
  ui.featureSelect.replaceChildren(
    ...runInfo.features.map(
      (f) => new Option(f.type === 'numeric' ? f.name : `${f.name} (categories)`, f.name),
    ),
  );
  if (runInfo.features.some((f) => f.name === feature)) ui.featureSelect.value = feature;
  if (ui.featureSelect.value) void api.setFeature(ui.featureSelect.value);
  ui.storyTitle.textContent = `${runInfo.scenario.title}`;
  ui.storyText.textContent = runInfo.scenario.story;
  ui.seedInput.value = String(runInfo.scenario.seed);
  ui.ticksInput.value = String(runInfo.ticks);
  const id = runInfo.scenario.id;
  ui.scenarioSelect.value = LIBRARY[id] ? id : '';
  draw(true);
  updateControls();
  // For the browser benchmark (test/bench/browser.bench.ts): navigation to the first chart drawn.
  if (performance.getEntriesByName('driftlab:first-chart').length === 0)
    performance.mark('driftlab:first-chart');
}

async function reset(): Promise<void> {
  if (workerDead) {
    worker.terminate();
    startWorker(ui.compareToggle.checked);
    workerDead = false;
    void api.setSpeed(currentSpeed());
    await load(applied);
    return;
  }
  if (!info) {
    await load(applied);
    return;
  }
  const mine = ++loads;
  try {
    const runInfo = await api.reset(seed);
    if (mine === loads) start(runInfo);
  } catch (error) {
    if (mine === loads) showError(message(error), false);
  }
}

/** Whether the run compares with the guardrails off (the toggle is checked). */
function comparing(): boolean {
  return info?.counterfactual != null || (info === null && parsed.state.compare === true);
}

function writeUrl(): void {
  const query = formatUrlState(shareState(applied, LIBRARY, seed, ticksOverride, comparing()));
  window.history.replaceState(null, '', `${location.pathname}${query}${location.hash}`);
}

// --- Drawing -----------------------------------------------------------------------------------
function drawFrame(): void {
  frameRequested = false;
  const batches = queue.splice(0);
  let changed = false;
  for (const b of batches) {
    if (!info || !log || b.runId !== info.runId) continue;
    log.append(b.frames);
    next = b.next;
    status = b.status;
    if (b.data) data = b.data;
    if (b.population) population = b.population;
    if (b.evaluation) evaluation = b.evaluation;
    if (b.comparison) comparison = b.comparison;
    if (b.status === 'error') showError(b.error ?? 'unknown error', false);
    changed = true;
  }
  if (!changed && !deferred) return;
  const t0 = performance.now();
  draw();
  performance.measure('driftlab:draw', { start: t0 });
  if (deferred && !frameRequested) {
    frameRequested = true;
    requestAnimationFrame(drawFrame);
  }
  if (changed) updateControls();
  // The summary once every chart has drawn the end of the run (none is left for a later frame).
  if (status === 'done' && !deferred && info && summaryFor !== info.runId) {
    performance.mark('driftlab:run-done');
    void showSummary(info.runId);
  }
}

/** What each chart last drew from, so a frame redraws only the charts whose inputs changed. */
const drawn = {
  length: -1,
  qualityEvaluation: null as unknown,
  lanesLength: -1,
  lanesEvaluation: null as unknown,
  evaluation: null as unknown,
  data: null as unknown,
  population: null as unknown,
  final: false,
};
/** A frame's drawing budget: the side charts that do not fit wait for the next frame. */
const FRAME_BUDGET_MS = 6;
/** Whether a side chart was left for the next frame. */
let deferred = false;
/** Which side chart goes first next frame (round robin, so none starves at full speed). */
let sideFirst = 0;

function draw(all = false): void {
  if (!info || !log) return;
  const t0 = performance.now();
  const final = status === 'done';
  // The quality chart every frame; the others within the frame's budget, round robin, so a frame
  // that brings everything at once (the first, or one with fresh views) is spread over a few.
  let drew = false;
  if (all || log.length !== drawn.length || evaluation !== drawn.qualityEvaluation) {
    charts.quality.update(qualityData(info, log, evaluation));
    drawn.length = log.length;
    drawn.qualityEvaluation = evaluation;
    drew = true;
  }
  const runInfo = info;
  const h = log;
  const side: { due: boolean; draw: () => void }[] = [
    {
      due: h.length !== drawn.lanesLength || evaluation !== drawn.lanesEvaluation,
      draw: () => {
        charts.lanes.update(lanesData(runInfo, h, evaluation));
        drawn.lanesLength = h.length;
        drawn.lanesEvaluation = evaluation;
      },
    },
    {
      due: evaluation !== drawn.evaluation || final !== drawn.final,
      draw: () => {
        charts.matrix.update(matrixData(runInfo, evaluation, h.length, final));
        drawn.evaluation = evaluation;
        drawn.final = final;
      },
    },
    {
      due: data !== drawn.data,
      draw: () => {
        charts.data.update(data);
        drawn.data = data;
      },
    },
    {
      due: population !== drawn.population,
      draw: () => {
        charts.population.update(population);
        drawn.population = population;
      },
    },
  ];
  // A chart left over from the last frame goes first, whatever this frame has spent.
  const owed = deferred;
  deferred = false;
  for (let k = 0; k < side.length; k++) {
    const i = (sideFirst + k) % side.length;
    const chart = side[i]!;
    if (!all && !chart.due) continue;
    const mustDraw = all || (owed && k === 0) || !drew;
    if (!mustDraw && performance.now() - t0 > FRAME_BUDGET_MS) {
      deferred = true;
      sideFirst = i;
      return;
    }
    chart.draw();
    drew = true;
  }
  sideFirst = (sideFirst + 1) % side.length;
}

async function showSummary(runId: number): Promise<void> {
  summaryFor = runId;
  const result = await api.result();
  if (!result || !info || info.runId !== runId) return;
  const text = JSON.stringify(result);
  const names = qualitySeries(info.metrics, info.scenario.evaluation.qualityMetric);
  const q = result.metrics[names.truth] ?? [];
  const last = [...q].reverse().find((x) => x !== null);
  const real = result.evaluation.monitors.filter((m) => !m.baseline);
  const caught = result.evaluation.catchMatrix.filter((row) =>
    real.some((m) => row.delays[m.monitor] !== null),
  ).length;
  const fp = fingerprint(text);
  ui.summary.dataset.fingerprint = fp;
  ui.summary.dataset.detections = String(detections(evaluation));
  ui.summary.textContent =
    `Run complete: ${result.ticks} ticks · final ${names.truth} ${last === undefined || last === null ? '–' : last.toFixed(4)}` +
    ` · ${plural(result.alarms.length, 'alarm')} · ${caught}/${result.incidents.length} incidents caught by a monitor` +
    ` · fingerprint ${fp}`;
  if (comparison) {
    const line = document.createElement('span');
    line.className = 'comparison';
    line.textContent = comparisonText(comparison);
    ui.summary.append(document.createElement('br'), line);
  }
}

// --- Controls ----------------------------------------------------------------------------------
function updateControls(): void {
  // Called every frame while running: write only what changed, so an unchanged control does not
  // invalidate the page's layout.
  const running = status === 'playing';
  const blocked = invalid || status === 'error' || !info;
  setText(ui.playButton, running ? 'Pause' : 'Play');
  setAttr(ui.playButton, 'aria-label', running ? 'Pause (space)' : 'Play (space)');
  setDisabled(ui.playButton, !running && (blocked || status === 'done'));
  setDisabled(ui.stepButton, running || blocked || status === 'done');
  const ticks = info?.ticks ?? 0;
  const label = status === 'error' ? 'error' : invalid ? 'invalid scenario' : status;
  setText(ui.status, `tick ${Math.min(next, ticks)} / ${ticks} · ${label}`);
  setAttr(ui.status, 'data-state', invalid ? 'invalid' : status);
  setAttr(ui.status, 'data-tick', String(next));
  const progress = ticks > 0 ? next / ticks : 0;
  if (ui.progress.value !== progress) ui.progress.value = progress;
  setText(
    ui.editorStatus,
    invalid
      ? 'Invalid: the run will not start until the problems below are fixed.'
      : dirty
        ? 'Edited: Apply (Ctrl+Enter) or Play to run it.'
        : '',
  );
}

function setText(el: HTMLElement, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

function setAttr(el: HTMLElement, name: string, value: string): void {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

function setDisabled(el: HTMLButtonElement, disabled: boolean): void {
  if (el.disabled !== disabled) el.disabled = disabled;
}

async function togglePlay(): Promise<void> {
  if (status === 'playing') {
    await api.pause();
    return;
  }
  if (dirty && !(await apply())) return;
  if (invalid || !info || status === 'error' || status === 'done') return;
  status = 'playing';
  updateControls();
  performance.mark('driftlab:play');
  await api.play();
}

async function step(): Promise<void> {
  if (status === 'playing') return;
  if (dirty && !(await apply())) return;
  if (invalid || !info || status === 'error' || status === 'done') return;
  await api.step(1);
}

/** Validate the editor's text; load it if it is valid. */
async function apply(): Promise<boolean> {
  const text = editor.text;
  const v = await api.validate(text);
  if (!v.ok) {
    editor.showErrors(v.errors);
    invalid = true;
    setNotice(`The scenario has ${plural(v.errors.length, 'problem')}; the run was not started.`);
    updateControls();
    return false;
  }
  const json = JSON.parse(text) as Record<string, unknown>;
  // A seed or run length typed into the JSON takes over from the controls.
  if (json.seed !== applied.seed && typeof json.seed === 'number') seed = json.seed;
  if (json.ticks !== applied.ticks) ticksOverride = undefined;
  return load(json);
}

let validateTimer: ReturnType<typeof setTimeout> | undefined;
const editor = new ScenarioEditor(ui.editor, {
  onInput(text) {
    dirty = true;
    clearTimeout(validateTimer);
    validateTimer = setTimeout(async () => {
      const v = await api.validate(text);
      if (text !== editor.text) return;
      invalid = !v.ok;
      editor.showErrors(v.ok ? [] : v.errors);
      updateControls();
    }, 250);
    updateControls();
  },
  onApply: () => void apply(),
});

function showError(text: string, fatal: boolean): void {
  workerDead ||= fatal;
  status = 'error';
  ui.errorMessage.textContent = text;
  ui.errorBanner.hidden = false;
  updateControls();
}

function hideError(): void {
  ui.errorBanner.hidden = true;
  ui.errorMessage.textContent = '';
}

function setNotice(text: string): void {
  ui.notice.textContent = text;
}

function currentSpeed(): Speed {
  const v = ui.speedSelect.value;
  return v === 'max' ? 'max' : Number(v);
}

function pretty(json: unknown): string {
  return `${JSON.stringify(json, null, 2)}\n`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function exportChart(id: PanelId, format: string): Promise<void> {
  const svg = charts[id].svg;
  const stem = info ? `${runStem(info.scenario)}.${id}` : id;
  if (format === 'svg') download(`${stem}.svg`, svgText(svg), 'image/svg+xml');
  else download(`${stem}.png`, await svgPng(svg));
}

async function exportRun(format: 'json' | 'csv'): Promise<void> {
  if (!info || next === 0) {
    setNotice('Nothing to export yet: run a few ticks first.');
    return;
  }
  if (info.counterfactual) {
    // A comparison exports what `driftlab run --vs --no-guardrails` writes: both runs and the differences.
    const both = await api.comparison();
    if (both) {
      const stem = `${runStem(both.base.scenario)}-vs-no-guardrails`;
      if (format === 'json') download(`${stem}.run.json`, resultJson(both), 'application/json');
      else download(`${stem}.metrics.csv`, comparisonCsv(both), 'text/csv');
      return;
    }
  }
  const result = await api.result();
  if (!result) {
    setNotice('Nothing to export yet: run a few ticks first.');
    return;
  }
  if (format === 'json')
    download(`${runStem(result.scenario)}.run.json`, resultJson(result), 'application/json');
  else download(`${runStem(result.scenario)}.metrics.csv`, resultCsv(result), 'text/csv');
}

// --- Wiring ------------------------------------------------------------------------------------
ui.scenarioSelect.append(
  new Option('(edited / from a file)', ''),
  ...Object.keys(LIBRARY).map((id) => new Option(id, id)),
);
ui.scenarioSelect.options[0]!.disabled = true;
ui.scenarioSelect.addEventListener('change', () => {
  const json = LIBRARY[ui.scenarioSelect.value];
  if (!json) return;
  seed = typeof json.seed === 'number' ? json.seed : 1;
  ticksOverride = undefined;
  editor.text = pretty(json);
  void load(structuredClone(json) as Record<string, unknown>);
});
ui.fileInput.addEventListener('change', async () => {
  const file = ui.fileInput.files?.[0];
  if (!file) return;
  editor.text = await file.text();
  ui.fileInput.value = '';
  dirty = true;
  await apply();
});
ui.seedInput.addEventListener('change', () => {
  const n = Number(ui.seedInput.value);
  if (!Number.isInteger(n) || n < 0 || n > 2 ** 32 - 1) {
    setNotice('Seed: expected an integer from 0 to 4294967295.');
    ui.seedInput.value = String(seed);
    return;
  }
  seed = n;
  writeUrl();
  void reset();
});
ui.ticksInput.addEventListener('change', () => {
  const n = Number(ui.ticksInput.value);
  if (!Number.isInteger(n) || n < 1 || n > 100_000) {
    setNotice('Ticks: expected an integer from 1 to 100000.');
    ui.ticksInput.value = String(info?.ticks ?? '');
    return;
  }
  ticksOverride = n === applied.ticks ? undefined : n;
  void load(applied);
});
ui.playButton.addEventListener('click', () => void togglePlay());
ui.stepButton.addEventListener('click', () => void step());
ui.resetButton.addEventListener('click', () => void reset());
ui.errorReset.addEventListener('click', () => void reset());
ui.speedSelect.value = '30';
ui.speedSelect.addEventListener('change', () => void api.setSpeed(currentSpeed()));
ui.featureSelect.addEventListener('change', () => void api.setFeature(ui.featureSelect.value));
ui.compareToggle.addEventListener('change', async () => {
  const mine = ++loads;
  try {
    const runInfo = await api.setCompare(ui.compareToggle.checked);
    if (mine === loads && runInfo) {
      start(runInfo);
      writeUrl();
    }
  } catch (error) {
    if (mine === loads) showError(message(error), false);
  }
});
ui.shareButton.addEventListener('click', async () => {
  const url = `${location.origin}${location.pathname}${formatUrlState(shareState(applied, LIBRARY, seed, ticksOverride, comparing()))}`;
  ui.shareLink.value = url;
  ui.shareLink.select();
  try {
    await navigator.clipboard.writeText(url);
    setNotice('Link copied: opening it reproduces this run.');
  } catch {
    setNotice('Link selected below: copy it (Ctrl+C) to share this run.');
  }
});
ui.exportJson.addEventListener('click', () => void exportRun('json'));
ui.exportCsv.addEventListener('click', () => void exportRun('csv'));
for (const b of document.querySelectorAll<HTMLButtonElement>('button[data-export]')) {
  b.addEventListener('click', () => void exportChart(b.dataset.export as PanelId, b.dataset.format!));
}
ui.applyButton.addEventListener('click', () => void apply());
ui.revertButton.addEventListener('click', () => {
  editor.text = pretty(applied);
  dirty = false;
  invalid = false;
  setNotice('');
  updateControls();
});
document.addEventListener('keydown', (e) => {
  const target = e.target as HTMLElement | null;
  const action = keyAction({
    key: e.key,
    ctrlKey: e.ctrlKey,
    metaKey: e.metaKey,
    altKey: e.altKey,
    targetTag: target?.tagName,
    targetType: (target as HTMLInputElement | null)?.type,
    targetEditable: target?.isContentEditable,
  });
  if (!action) return;
  e.preventDefault();
  if (action === 'toggle') void togglePlay();
  else if (action === 'step') void step();
  else void reset();
});

startWorker(parsed.state.compare === true);
editor.text = pretty(applied);
void load(applied);
