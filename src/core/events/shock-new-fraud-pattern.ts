// shock.newFraudPattern: a new scam surges. From `at`, for `duration` ticks, fraudsters add `rate` x
// the expected legitimate transactions per tick, with features the model has never seen as fraud: a
// merchant category and an amount band where fraud never happened, at ordinary hours, and by default
// from the victims' own devices (the victims are talked into paying: an authorised-push-payment scam),
// so device age and velocity look legitimate too. The scam draws from its own world stream
// (`world.scam.<key>`), so the rest of the world's draws are untouched.
import { z } from 'zod';
import { bool, int, num, share } from '../scenario/zod-helpers.ts';
import type { FraudTask } from '../world/fraud/config.ts';
import type { FraudWorld, ScamSpec } from '../world/fraud/world.ts';
import {
  durationProblems,
  earlierTwin,
  inWindow,
  oneOfProblems,
  segmentIndex,
  segmentProblems,
  windowEnd,
} from './common.ts';
import { shockWindow } from './shock-common.ts';
import type { EventDef, Problem } from './types.ts';

const schema = z
  .strictObject({
    kind: z.literal('shock.newFraudPattern'),
    ...shockWindow('the surge', 60),
    rate: share(0.02, 'Scam attempts per tick, as a share of the expected legitimate transactions per tick.'),
    category: z
      .string()
      .default('digital')
      .describe('Merchant category the scam pays into (a value of task.categories). Default "digital".'),
    amountMin: num(150, 'Smallest scam amount.', { gt: 0, max: 1e6 }),
    amountMax: num(600, 'Largest scam amount (amounts are uniform in the band).', { gt: 0, max: 1e6 }),
    hourFrom: int(9, 'First hour of the day the scam runs.', { min: 0, max: 23 }),
    hourTo: int(20, 'Last hour of the day the scam runs (inclusive).', { min: 0, max: 23 }),
    newDevice: bool(
      false,
      "true: the fraudster's own new device; false: the victim's device (the victim is tricked into paying).",
    ),
    segment: z.string().optional().describe('Segment the victims belong to. Default: any account.'),
  })
  .describe('A surge of a new scam whose features the model has never seen as fraud.');

type Event = z.output<typeof schema>;

/** The scam's stream key: its parameters (two identical scams are refused by check()). */
function keyOf(e: Event): string {
  return `${e.at}.${e.duration}.${e.category}.${e.rate}.${e.amountMin}.${e.amountMax}.${e.hourFrom}.${e.hourTo}.${e.newDevice}.${e.segment ?? '*'}`;
}

const specs = new WeakMap<FraudWorld, Map<Event, { key: string; spec: ScamSpec }>>();

function specOf(e: Event, world: FraudWorld): { key: string; spec: ScamSpec } {
  let byEvent = specs.get(world);
  if (!byEvent) {
    byEvent = new Map();
    specs.set(world, byEvent);
  }
  let s = byEvent.get(e);
  if (!s) {
    s = {
      key: keyOf(e),
      spec: {
        rate: e.rate,
        category: world.categoryNames.indexOf(e.category),
        amountMin: e.amountMin,
        amountMax: e.amountMax,
        hourFrom: e.hourFrom,
        hourTo: e.hourTo,
        newDevice: e.newDevice,
        segment: segmentIndex(world, e.segment),
      },
    };
    byEvent.set(e, s);
  }
  return s;
}

export const shockNewFraudPattern: EventDef<typeof schema> = {
  kind: 'shock.newFraudPattern',
  doc: 'A surge of a new scam (a merchant category and amount band that were always legitimate, ordinary hours, the victims’ own devices) for a number of ticks.',
  cause: 'shock',
  tasks: ['fraud'],
  schema,
  check(e, scenario) {
    const problems: Problem[] = [
      ...durationProblems(e.at, e.duration, scenario),
      ...segmentProblems(e.segment, scenario),
    ];
    if (scenario.task.kind === 'fraud') {
      const names = (scenario.task as FraudTask).categories.map((c) => c.name);
      problems.push(...oneOfProblems('category', e.category, names));
    }
    if (e.amountMax <= e.amountMin) {
      problems.push({
        path: ['amountMax'],
        message: `expected amountMax > amountMin (${e.amountMin}), got ${e.amountMax}`,
      });
    }
    if (e.hourTo < e.hourFrom) {
      problems.push({
        path: ['hourTo'],
        message: `expected hourTo ≥ hourFrom (${e.hourFrom}), got ${e.hourTo}`,
      });
    }
    const twin = earlierTwin(e, scenario, (o) => o.kind === e.kind && keyOf(o) === keyOf(e));
    if (twin >= 0) {
      problems.push({
        path: [],
        message: `the same scam as events[${twin}] (identical scams would share one stream; change a parameter)`,
      });
    }
    return problems;
  },
  incident(e, scenario) {
    const victims = e.segment === undefined ? 'any account' : `the ${e.segment} segment`;
    return {
      start: e.at,
      end: windowEnd(e.at, e.duration, scenario),
      affects: ['fraud', `merchant=${e.category}`, ...(e.segment === undefined ? [] : [e.segment])],
      label: `a new scam: ${+(e.rate * 100).toFixed(2)}% of traffic, ${e.category} ${e.amountMin}-${e.amountMax} at ${e.hourFrom}-${e.hourTo}h, ${e.newDevice ? 'new devices' : "victims' own devices"}, ${victims}`,
    };
  },
  apply(e, taskWorld, t) {
    if (!inWindow(e.at, e.duration, t)) return;
    const world = taskWorld as FraudWorld;
    const { key, spec } = specOf(e, world);
    world.surge(key, spec);
  },
};
