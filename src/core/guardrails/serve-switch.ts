// The guardrail behind fallback and circuitBreaker: while its Switch is on (steps 11 and 6), every
// session is served some other way than by the model. Metric: guardrail.<id>.active.
import { SERVE_EXPLORE, SERVE_MODEL } from '../world/task.ts';
import { type BuildContext, metricColumns, Switch } from './common.ts';
import type { Guardrail, GuardrailHost, GuardrailMode, GuardrailServices } from './types.ts';

/** The entry fields a serve switch runs on (both kinds' schemas have them). */
export interface ServeSwitchConfig {
  mode: GuardrailMode;
  monitors: string[];
  level: 'alarm' | 'warning';
  cooldown: number;
  until: 'clear' | 'cooldown';
}

export class ServeSwitch implements Guardrail {
  readonly id: string;
  readonly mode: GuardrailMode;
  readonly metrics;
  readonly #switch: Switch;
  readonly #names: { active: string };

  constructor(
    readonly kind: string,
    /** The serving mode (SERVE_*) of the sessions it takes over. */
    readonly serveAs: number,
    /** Which current modes it overrides: only the model's (fallback) or every but exploration. */
    readonly overrides: 'model' | 'all',
    words: { on: string; off: string },
    config: ServeSwitchConfig,
    ctx: BuildContext,
  ) {
    this.id = ctx.id;
    this.mode = config.mode;
    this.#switch = new Switch(config, words);
    const columns = metricColumns(ctx.id, {
      active: `${kind}: 1 on the ticks it served sessions without the model.`,
    });
    this.metrics = columns.defs;
    this.#names = columns.names;
  }

  serve(host: GuardrailHost, _t: number, _set: GuardrailServices): void {
    const on = this.#switch.on;
    host.m[this.#names.active] = on ? 1 : 0;
    if (!on || this.mode === 'shadow') return;
    const mode = host.decisions.mode!;
    const S = host.world.sessions;
    const as = this.serveAs;
    if (this.overrides === 'model') {
      for (let s = 0; s < S; s++) if (mode[s] === SERVE_MODEL) mode[s] = as;
    } else {
      for (let s = 0; s < S; s++) if (mode[s] !== SERVE_EXPLORE) mode[s] = as;
    }
  }

  react(host: GuardrailHost, t: number, set: GuardrailServices): void {
    this.#switch.react(host, t, this, set);
  }
}
