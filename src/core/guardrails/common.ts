// What every guardrail entry shares (id, mode, the monitors that trigger it, a cool-down, its metric
// columns) and the small state machines most of them run on: a Trigger (is one of my monitors
// alarming?), a Latch (on at a trigger, off after a cool-down or once the monitors have been clear for
// a while), and a Switch, the two together recording the lasting action they start and stop.
import { z } from 'zod';
import type { MetricDef } from '../engine/metrics.ts';
import type { Problem } from '../events/types.ts';
import { ALARM, type MonitorRuntime, WARNING } from '../monitors/types.ts';
import type { Streams } from '../rng.ts';
import type { Scenario } from '../scenario/schema.ts';
import { int, oneOf } from '../scenario/zod-helpers.ts';
import type { Guardrail, GuardrailHost, GuardrailServices } from './types.ts';

export const idParam = z
  .string()
  .regex(/^[\w.:-]{1,64}$/, 'letters, digits, and . : - _')
  .optional()
  .describe('Name in reports and in the metric columns guardrail.<id>.*; default the kind.');

export const modeParam = oneOf(
  ['active', 'shadow'] as const,
  'active',
  'active: the guardrail acts; shadow: it records what it would have done (actions, its own metric columns) and changes nothing else.',
);

/** Monitors that trigger the guardrail: at least one. */
export function monitorsParam(doc: string) {
  return z.array(z.string().min(1)).min(1).max(50).describe(`${doc} Monitor ids of this scenario.`);
}

/** Monitors that restrict when the guardrail acts: none means always. */
export function optionalMonitorsParam(doc: string) {
  return z
    .array(z.string().min(1))
    .max(50)
    .default([])
    .describe(`${doc} Monitor ids of this scenario. Default [] (always).`);
}

export const levelParam = oneOf(
  ['alarm', 'warning'] as const,
  'alarm',
  'The monitor state that triggers: alarm, or warning (warning or alarm).',
);

export function cooldownParam(def: number, doc: string) {
  return int(def, doc, { min: 0, max: 100_000 });
}

export function untilParam(def: 'clear' | 'cooldown') {
  return oneOf(
    ['clear', 'cooldown'] as const,
    def,
    'When the action stops: clear, once every trigger monitor has been out of its triggering state for `cooldown` ticks (at least 1); cooldown, `cooldown` ticks after it started (at least 1), whatever the monitors say.',
  );
}

/** The fields every entry has. */
export interface CommonConfig {
  kind: string;
  id?: string | undefined;
  mode: 'active' | 'shadow';
}

export function guardrailId(g: { kind: string; id?: string | undefined }): string {
  return g.id ?? g.kind;
}

/** What a guardrail is built from. */
export interface BuildContext {
  id: string;
  scenario: Scenario;
  /** The guardrail's own stream, `guardrail.<id>`. */
  streams: Streams;
}

/** A guardrail kind: its schema (a strict object with a literal kind), its checks, its factory. */
export interface GuardrailDef<S extends z.ZodObject = z.ZodObject> {
  kind: string;
  doc: string;
  schema: S;
  /** Task kinds it applies to (absent: every task). */
  tasks?: readonly string[];
  /** Checks that need the scenario (fields, groups), paths relative to the entry. */
  check?(g: z.output<S>, scenario: Scenario): Problem[];
  create(g: z.output<S>, ctx: BuildContext): Guardrail;
}

/**
 * A guardrail's metric columns `guardrail.<id>.<key>`, in the order of `docs`, and their names by key
 * (what its hooks write `host.m` with).
 */
export function metricColumns<K extends string>(
  id: string,
  docs: Record<K, string>,
): { defs: MetricDef[]; names: Record<K, string> } {
  const defs: MetricDef[] = [];
  const names = {} as Record<K, string>;
  for (const key of Object.keys(docs) as K[]) {
    const name = `guardrail.${id}.${key}`;
    defs.push({ name, family: 'model', doc: docs[key] });
    names[key] = name;
  }
  return { defs, names };
}

/** Which of a guardrail's monitors is in a triggering state this tick (the first one), if any. */
export class Trigger {
  readonly ids: readonly string[];
  readonly #level: number;
  #resolved: MonitorRuntime[] | null = null;

  constructor(ids: readonly string[], level: 'alarm' | 'warning' = 'alarm') {
    this.ids = ids;
    this.#level = level === 'alarm' ? ALARM : WARNING;
  }

  get empty(): boolean {
    return this.ids.length === 0;
  }

  #monitors(host: GuardrailHost): MonitorRuntime[] {
    if (!this.#resolved) {
      this.#resolved = this.ids.map((id) => {
        const m = host.monitors.find((x) => x.id === id);
        if (!m) throw new Error(`guardrail: no monitor "${id}"`);
        return m;
      });
    }
    return this.#resolved;
  }

  /** The first monitor in a triggering state (or that fired) this tick; null when none. */
  firing(host: GuardrailHost): MonitorRuntime | null {
    const ms = this.#monitors(host);
    for (let i = 0; i < ms.length; i++) {
      const m = ms[i]!;
      if (m.state >= this.#level || m.fired) return m;
    }
    return null;
  }
}

/** Words for why a monitor triggered (built only when an action is recorded). */
export function because(m: MonitorRuntime): string {
  const state = m.state === ALARM || m.fired ? 'alarm' : 'warning';
  const detail = m.detail;
  const stat = Number.isFinite(m.statistic) ? ` (statistic ${+m.statistic.toPrecision(4)})` : '';
  return `${m.id} in ${state}${stat}${detail ? `: ${detail}` : ''}`;
}

export const STARTED = 1;
export const STOPPED = -1;

/**
 * On at a trigger; off `cooldown` ticks after it started (`until: cooldown`) or once no trigger has
 * come for `cooldown` ticks (`until: clear`). step() returns STARTED, STOPPED or 0.
 */
export class Latch {
  on = false;
  since = -1;
  last = -1;

  step(t: number, triggered: boolean, cooldown: number, until: 'clear' | 'cooldown'): number {
    if (triggered) this.last = t;
    const wait = Math.max(1, cooldown);
    if (!this.on) {
      if (!triggered) return 0;
      this.on = true;
      this.since = t;
      return STARTED;
    }
    const done = until === 'cooldown' ? t - this.since >= wait : t - this.last >= wait;
    if (!done) return 0;
    this.on = false;
    return STOPPED;
  }
}

/** The words a Switch records its lasting action with (all fixed when the guardrail is built). */
export interface SwitchWords {
  /** The actions recorded when it starts and when it stops. */
  on: string;
  off: string;
  /** Appended to the reason it started (which monitor, in which state). */
  detail?: string;
  /** With no trigger monitors: the reason of the action recorded at tick 0, on for the whole run. */
  always?: string;
  /**
   * The action applies at step 12, after the tick's react (freezeSelfTraining): it stops at once, so
   * its last tick in effect is the one before (a serving action stopped at step 11 served this tick).
   */
  stopsAtOnce?: boolean;
}

/**
 * The sequence the lasting actions share: a Trigger and a Latch that start the action when a monitor
 * triggers and stop it after the cool-down, recording both; with no trigger monitors, always on.
 */
export class Switch {
  readonly #trigger: Trigger;
  readonly #latch = new Latch();
  readonly #cooldown: number;
  readonly #until: 'clear' | 'cooldown';
  readonly #words: SwitchWords;
  readonly #detail: string;
  readonly #stopReason: string;

  constructor(
    config: {
      monitors: readonly string[];
      level: 'alarm' | 'warning';
      cooldown: number;
      until?: 'clear' | 'cooldown';
    },
    words: SwitchWords,
  ) {
    this.#trigger = new Trigger(config.monitors, config.level);
    this.#cooldown = config.cooldown;
    this.#until = config.until ?? 'clear';
    this.#words = words;
    this.#detail = words.detail ?? '';
    const wait = Math.max(1, config.cooldown);
    this.#stopReason =
      this.#until === 'clear' ? `monitors clear for ${wait} tick(s)` : `cool-down of ${wait} tick(s) over`;
  }

  /** Whether the action is in effect: always with no trigger monitors, else while latched. */
  get on(): boolean {
    return this.#trigger.empty || this.#latch.on;
  }

  /** At tick 0, with no trigger monitors: record the action, on for the whole run. */
  always(t: number, g: Guardrail, set: GuardrailServices): void {
    if (t === 0 && this.#trigger.empty) set.start(t, g, this.#words.on, this.#words.always ?? 'always on');
  }

  /** Step 11: start or stop the action on this tick's monitor states; STARTED, STOPPED or 0. */
  react(host: GuardrailHost, t: number, g: Guardrail, set: GuardrailServices): number {
    if (this.#trigger.empty) return 0;
    const firing = this.#trigger.firing(host);
    const change = this.#latch.step(t, firing !== null, this.#cooldown, this.#until);
    if (change === STARTED) set.start(t, g, this.#words.on, `${because(firing!)}${this.#detail}`);
    else if (change === STOPPED)
      set.stop(t, g, this.#words.off, this.#stopReason, this.#words.stopsAtOnce ? t - 1 : t);
    return change;
  }
}
