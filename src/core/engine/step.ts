// The story of one tick, written once. Entities never call each other: each step reads the columns
// the previous steps wrote and writes its own. Guardrails (src/core/guardrails, sim.guard) hook in at
// steps 5, 6, 11 and 12, and vet transform-version changes (step 1) and refits (step 12).

import { expectedCalibrationError } from '../monitors/calibration.ts';
import { ALARM } from '../monitors/types.ts';
import { copyRawRow } from '../world/types.ts';
import type { LogBlock } from './label-log.ts';
import { binnedAuc, logLoss } from './measure.ts';
import type { SimState } from './state.ts';

/** Run tick t. Ticks below 0 are the pre-launch warm-up: random serving, nothing measured. */
export function step(sim: SimState, t: number): void {
  const { world, decisions } = sim;
  const launched = t >= 0;
  const guard = launched && !sim.guard.empty ? sim.guard : null;
  guard?.begin(sim, t);

  // 1. Timeline: the world's own clock (catalogue growth...), then the events active at t.
  world.beginTick(t);
  if (launched) for (const e of sim.events) e.def.apply(e.config, world, t, sim);

  // 2. Arrivals: who has a session this tick.
  world.drawSessions(t);

  // 3. Upstream data: candidate rows and their raw records (and, known only to the simulator, the
  //    true outcome probabilities).
  const rows = world.buildRows(t);
  //    ...then upstream faults corrupt them.
  if (launched) {
    for (const e of sim.events)
      e.def.corrupt?.(e.config, { t, schema: world.schema, raw: world.raw, rng: e.rng });
  }

  // 4. Serving pipeline: raw records -> features with the serving transform version.
  sim.servingTransform.apply(world.raw, sim.features);

  // 5. Input guardrails: gate rows (impute their features, or serve their session without the model).
  sim.ensureTickCapacity(rows, world.sessions);
  guard?.gate(sim, t, rows);

  // 6. Decide: score every row; the task turns scores into decisions (or serves at random), with the
  //    serving modes, score boosts and exploration share the guardrails set.
  if (launched) sim.model.predict(sim.features, sim.scores);
  const decideOn = guard ? guard.serve(sim, t) : sim.scores;
  const epsilon = guard ? guard.epsilon : sim.scenario.model.exploration;
  world.decide(decideOn, launched, epsilon, sim.policyRng, decisions);

  // 7. Respond: outcomes happen; served entries are logged, their labels released after the delay.
  world.respond(decisions);
  const logged = logServed(sim, t);
  if (launched) for (const e of sim.events) e.def.logged?.(e.config, { t, block: logged, rng: e.rng });
  const released = sim.labelLog.block(t - world.labelDelay);

  // 8. Evolve: the world changes; the platform's histories learn the released labels.
  world.evolve(t, decisions);
  if (released) world.observe(t, released);

  if (launched) {
    // 9. Measure: the engine's quality metrics, then the task's own.
    const fresh = released && released.tick >= 0 ? released : undefined;
    measure(sim, t, rows, fresh);
    //    External leading indicators (series from outside the platform, precomputed).
    for (const ind of sim.indicators) sim.m[ind.metric] = ind.values[t]!;
    // 10. Monitor.
    fillRowErrors(sim, fresh);
    const inputs = sim.tickInputs(t);
    for (const m of sim.monitors) m.update(inputs);
    // 11. Guardrails react to this tick's monitor states (start or stop actions, roll back).
    guard?.react(sim, t);
  }

  // 12. Retrain (the guardrails' plan: hold, curated data, a refit on alarm; refits vetted).
  sim.retrainAfter(t);

  // 13. Log.
  if (launched) logTick(sim, t);
  sim.labelLog.prune(t - world.labelDelay - sim.scenario.retraining.window - 1);
}

function logServed(sim: SimState, t: number): LogBlock {
  const { world, decisions: d } = sim;
  const n = d.count;
  const per = d.perSession;
  const b = sim.labelLog.open(t, n);
  for (let e = 0; e < n; e++) {
    const r = d.row[e]!;
    copyRawRow(world.raw, r, b.raw, e);
    b.label[e] = d.outcome[e]!;
    b.labelled[e] = d.labelled[e]!;
    b.score[e] = sim.scores[r]!;
    const s = (e / per) | 0;
    b.explored[e] = d.explored[s]!;
    b.user[e] = world.sessionUser[s]!;
    b.item[e] = world.itemOf(r);
  }
  return b;
}

function measure(sim: SimState, t: number, rows: number, released: LogBlock | undefined): void {
  const { world, m, decisions: d } = sim;
  const scores = sim.scores;
  const pTrue = world.pTrue;
  let ll = 0;
  for (let e = 0; e < d.count; e++) {
    const r = d.row[e]!;
    ll += logLoss(pTrue[r]!, scores[r]!);
  }
  let explored = 0;
  for (let s = 0; s < world.sessions; s++) explored += d.explored[s]!;
  m.trueAuc = binnedAuc(scores, pTrue, rows, sim.aucBins);
  m.trueLogLoss = d.count > 0 ? ll / d.count : Number.NaN;
  m.explored = world.sessions > 0 ? explored / world.sessions : Number.NaN;

  // Observed quality: only labelled entries released this tick (compacted into scratch).
  let n = 0;
  let oll = 0;
  if (released) {
    if (sim.obsScore.length < released.n) {
      sim.obsScore = new Float32Array(released.n * 2);
      sim.obsLabel = new Float32Array(released.n * 2);
    }
    for (let j = 0; j < released.n; j++) {
      if (released.labelled[j] === 0) continue;
      sim.obsScore[n] = released.score[j]!;
      sim.obsLabel[n] = released.label[j]!;
      oll += logLoss(released.label[j]!, released.score[j]!);
      n++;
    }
  }
  m.labels = n;
  m.observedLogLoss = n > 0 ? oll / n : Number.NaN;
  m.observedAuc = n > 0 ? binnedAuc(sim.obsScore, sim.obsLabel, n, sim.aucBins) : Number.NaN;
  m.observedEce = n > 0 ? expectedCalibrationError(sim.obsScore, sim.obsLabel, n) : Number.NaN;

  // Estimated quality, label-free (CBPE): scores calibrated on the reference stand for outcomes.
  sim.cbpe.update(sim.reference);
  sim.cbpe.estimate(scores, d, sim.rowError, sim.aucBins);
  m.estimatedAuc = sim.cbpe.auc;
  m.estimatedAccuracy = 1 - sim.cbpe.errorRate;

  world.measure(t, scores, d, m);
  world.measureReleased(released, m);
}

function fillRowErrors(sim: SimState, released: LogBlock | undefined): void {
  const n = released?.n ?? 0;
  if (sim.rowErrors.length < n) sim.rowErrors = new Float64Array(n * 2);
  let k = 0;
  for (let j = 0; j < n; j++) {
    if (released!.labelled[j] === 0) continue;
    sim.rowErrors[k++] = sim.world.rowError(released!.score[j]!, released!.label[j]!);
  }
  sim.rowErrorCount = k;
  // Observed accuracy: one minus the task's error rate on the labels released this tick.
  let errors = 0;
  for (let j = 0; j < k; j++) errors += sim.rowErrors[j]!;
  sim.m.observedAccuracy = k > 0 ? 1 - errors / k : Number.NaN;
}

function logTick(sim: SimState, t: number): void {
  const log = sim.log;
  for (const name of sim.metricNames) log.columns[name]![t] = sim.m[name]!;
  for (const mon of sim.monitors) {
    const col = log.monitors[mon.id]!;
    col.statistic[t] = mon.statistic;
    col.state[t] = mon.state;
    col.fired[t] = mon.fired ? 1 : 0;
    if (mon.fired) {
      const detail = mon.detail;
      sim.alarms.push({ monitor: mon.id, tick: t, state: ALARM, ...(detail ? { detail } : {}) });
    }
  }
  log.length = t + 1;
}
