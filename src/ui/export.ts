// Export: the run as JSON and CSV (pure functions of the RunResult), each chart as SVG and PNG, and
// a short fingerprint of a run so two runs can be compared at a glance.
import type { ComparisonResult, RunResult } from '../protocol/sim.ts';

/** One row per tick: tick, every metric, then each monitor's statistic and state (as `driftlab run`'s metrics.csv). */
export { resultCsv } from '../core/engine/run-log.ts';
/** A comparison's metrics.csv: base.*, variant.* and diff.* columns (as `driftlab run --vs`). */
export { comparisonCsv } from '../core/evaluate/compare.ts';

export function resultJson(result: RunResult | ComparisonResult): string {
  return `${JSON.stringify(result)}\n`;
}

/** FNV-1a (32 bits) of the run's JSON, as 8 hex digits: equal runs have equal fingerprints. */
export function fingerprint(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** A file name stem for a run: "<scenario id>-seed<seed>". */
export function runStem(scenario: { id: string; seed: number }): string {
  return `${scenario.id.replace(/[^\w.-]+/g, '_')}-seed${scenario.seed}`;
}

/** A chart's SVG as a standalone file (namespaces declared, its own styles inline). */
export function svgText(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('xmlns:xlink', 'http://www.w3.org/1999/xlink');
  const box = svg.viewBox.baseVal;
  clone.setAttribute('width', String(box.width));
  clone.setAttribute('height', String(box.height));
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}\n`;
}

/** Render a chart's SVG to a PNG at `scale` times its size, on white. */
export async function svgPng(svg: SVGSVGElement, scale = 2): Promise<Blob> {
  const box = svg.viewBox.baseVal;
  const url = URL.createObjectURL(new Blob([svgText(svg)], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(box.width * scale);
    canvas.height = Math.round(box.height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2-D canvas');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Hand a file to the browser's downloads. */
export function download(name: string, data: Blob | string, type = 'application/octet-stream'): void {
  const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
