// The page's static structure: the control bar, the panels that hold the charts, the scenario
// editor. Returns the elements main.ts wires; no behaviour here.

export interface Layout {
  scenarioSelect: HTMLSelectElement;
  fileInput: HTMLInputElement;
  seedInput: HTMLInputElement;
  ticksInput: HTMLInputElement;
  playButton: HTMLButtonElement;
  stepButton: HTMLButtonElement;
  resetButton: HTMLButtonElement;
  speedSelect: HTMLSelectElement;
  compareToggle: HTMLInputElement;
  status: HTMLElement;
  progress: HTMLProgressElement;
  shareButton: HTMLButtonElement;
  shareLink: HTMLInputElement;
  exportJson: HTMLButtonElement;
  exportCsv: HTMLButtonElement;
  errorBanner: HTMLElement;
  errorMessage: HTMLElement;
  errorReset: HTMLButtonElement;
  notice: HTMLElement;
  storyTitle: HTMLElement;
  storyText: HTMLElement;
  summary: HTMLElement;
  panels: Record<PanelId, HTMLElement>;
  featureSelect: HTMLSelectElement;
  editor: HTMLElement;
  applyButton: HTMLButtonElement;
  revertButton: HTMLButtonElement;
  editorStatus: HTMLElement;
}

export type PanelId = 'quality' | 'lanes' | 'matrix' | 'data' | 'population';

export const PANEL_TITLES: Record<PanelId, string> = {
  quality: 'Quality over time',
  lanes: 'Monitor lanes',
  matrix: 'Catch matrix',
  data: 'Data',
  population: 'Population',
};

const SPEEDS: [string, string][] = [
  ['1', '1 tick/s'],
  ['5', '5 ticks/s'],
  ['10', '10 ticks/s'],
  ['30', '30 ticks/s'],
  ['60', '60 ticks/s'],
  ['max', 'as fast as possible'],
];

function panel(id: PanelId, extra = ''): string {
  return `<section class="panel" id="panel-${id}" aria-labelledby="title-${id}">
    <header><h2 id="title-${id}">${PANEL_TITLES[id]}</h2>${extra}
      <span class="exports">
        <button type="button" data-export="${id}" data-format="svg" aria-label="Export ${PANEL_TITLES[id]} as SVG">SVG</button>
        <button type="button" data-export="${id}" data-format="png" aria-label="Export ${PANEL_TITLES[id]} as PNG">PNG</button>
      </span></header>
    <div class="chart" id="chart-${id}"></div>
  </section>`;
}

export function buildLayout(root: HTMLElement): Layout {
  root.innerHTML = `
  <header class="bar" role="toolbar" aria-label="Run controls">
    <h1>driftlab</h1>
    <label>Scenario <select id="scenario-select"></select></label>
    <label class="file-button" for="file-input">Open file…</label>
    <input type="file" id="file-input" accept=".json,application/json" class="visually-hidden">
    <label>Seed <input type="number" id="seed-input" min="0" max="4294967295" step="1" inputmode="numeric"></label>
    <label>Ticks <input type="number" id="ticks-input" min="1" max="100000" step="1" inputmode="numeric"></label>
    <span class="group" role="group" aria-label="Playback">
      <button type="button" id="play-button" class="primary" aria-keyshortcuts="Space">Play</button>
      <button type="button" id="step-button" aria-keyshortcuts="ArrowRight" aria-label="Step one tick">Step ▸</button>
      <button type="button" id="reset-button" aria-keyshortcuts="R">Reset</button>
    </span>
    <label class="compare" title="Run the scenario again beside itself with its guardrails off, on the same seed, and shade the difference"><input type="checkbox" id="compare-toggle"> Compare: guardrails off</label>
    <label>Speed <select id="speed-select">${SPEEDS.map(([v, t]) => `<option value="${v}">${t}</option>`).join('')}</select></label>
    <span class="status-box"><span id="status" role="status" aria-live="off">idle</span>
      <progress id="progress" max="1" value="0" aria-label="Run progress"></progress></span>
    <span class="group" role="group" aria-label="Share and export">
      <button type="button" id="share-button">Share link</button>
      <button type="button" id="export-json" aria-label="Export the run as JSON">Run JSON</button>
      <button type="button" id="export-csv" aria-label="Export the run's metrics as CSV">CSV</button>
    </span>
  </header>
  <div class="share-row"><label for="share-link" class="visually-hidden">Share link</label>
    <input id="share-link" readonly placeholder="Press “Share link” to copy a link that reproduces this run" aria-label="Share link"></div>
  <div id="error-banner" role="alert" hidden><strong>The simulation stopped:</strong> <span id="error-message"></span>
    <button type="button" id="error-reset">Reset</button></div>
  <p id="notice" class="notice" role="status"></p>
  <details class="story"><summary id="story-title"></summary><p id="story-text"></p></details>
  <p id="summary" class="summary" aria-live="polite"></p>
  <div class="grid">
    <div class="col main">${panel('quality')}${panel('lanes')}
      <section class="panel editor-panel" aria-labelledby="title-editor">
        <header><h2 id="title-editor"><label for="scenario-json">Scenario (JSON)</label></h2>
          <span id="editor-status" class="muted"></span>
          <span class="exports"><button type="button" id="apply-button" class="primary" aria-keyshortcuts="Control+Enter">Apply</button>
          <button type="button" id="revert-button">Revert</button></span></header>
        <div id="editor"></div>
      </section>
    </div>
    <div class="col side">${panel('matrix')}${panel(
      'data',
      '<label class="inline">Field <select id="feature-select"></select></label>',
    )}${panel('population')}</div>
  </div>`;
  const $ = <T extends HTMLElement>(id: string) => root.querySelector<T>(`#${id}`)!;
  return {
    scenarioSelect: $('scenario-select'),
    fileInput: $('file-input'),
    seedInput: $('seed-input'),
    ticksInput: $('ticks-input'),
    playButton: $('play-button'),
    stepButton: $('step-button'),
    resetButton: $('reset-button'),
    speedSelect: $('speed-select'),
    compareToggle: $('compare-toggle'),
    status: $('status'),
    progress: $('progress'),
    shareButton: $('share-button'),
    shareLink: $('share-link'),
    exportJson: $('export-json'),
    exportCsv: $('export-csv'),
    errorBanner: $('error-banner'),
    errorMessage: $('error-message'),
    errorReset: $('error-reset'),
    notice: $('notice'),
    storyTitle: $('story-title'),
    storyText: $('story-text'),
    summary: $('summary'),
    panels: {
      quality: $('chart-quality'),
      lanes: $('chart-lanes'),
      matrix: $('chart-matrix'),
      data: $('chart-data'),
      population: $('chart-population'),
    },
    featureSelect: $('feature-select'),
    editor: $('editor'),
    applyButton: $('apply-button'),
    revertButton: $('revert-button'),
    editorStatus: $('editor-status'),
  };
}
