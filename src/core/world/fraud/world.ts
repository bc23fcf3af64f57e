// The fraud world: card accounts grouped in segments make transactions; fraudsters make some too.
// Every session is one transaction (perSession = 1, one candidate row); the model scores it and the
// policy blocks it when the score reaches task.threshold. Chargebacks (the labels) arrive labelDelay
// ticks later, and only for allowed transactions: a blocked transaction is never labelled.
//
// Who transacts:
// - Legitimate customers: account u has a transaction in a tick with probability activity_u (its
//   segment's `activity`, spread per account). Merchant: one of the account's two favourite
//   categories or a category drawn by popularity; amount: the category's typical ticket x the
//   segment's spending scale (`valuePerClick`) x the account's own scale, lognormal; hour around the
//   account's habitual hour; its own device (sometimes a new one).
// - Opportunistic fraud (account takeover): with probability task.baseRate a transaction is made by
//   a fraudster holding the account's credentials: any merchant and hour, a device never seen on
//   the account, a burst of attempts (high velocity), large amounts.
// - Fraud rings: agents, each with a pattern (a favourite merchant category and hour, an amount
//   band) and its tradecraft (fresh or spoofed devices, a burst size), attacking random accounts. A
//   ring sees declines at once: when the smoothed share of its attempts that get blocked reaches
//   rings.adaptThreshold (and its pattern is at least `cooldown` ticks old) it moves to a new
//   category, hour and amount band; its tradecraft stays.
// - Scams (shock.newFraudPattern): a surge of a new pattern the events switch on (surge()).
// The true fraud probability (pTrue) of a fraudster's transaction is 1; of a legitimate one, the
// friendly-fraud rate (a genuine purchase charged back anyway).
//
// Common random numbers: every stream is drawn a number of times that depends only on the world's
// exogenous state (activities, rates, the events), never on what the model decided or on churn:
// - world.arrivals: 1 per account per tick;
// - world.transactions: the same 8 calls per potential transaction (churned accounts included), the
//   last one the uniform its chargeback outcome is decided by (fraudsters' outcomes need none);
// - world.fraud.takeover: 1 per potential transaction, 4 more per takeover;
// - world.fraud.ring.<r>: 2 per attempt slot, 6 per attempt, 4 per tick for the adaptation candidate;
// - world.scam.<key>: 2 per attempt slot, 3 per attempt, while the scam is on;
// - world.churn: 1 per account per tick.
// A ring's adaptation depends on the model (what gets blocked), but never shifts any stream.

import type { MetricDef } from '../../engine/metrics.ts';
import type { Rng, Streams } from '../../rng.ts';
import type { Scenario } from '../../scenario/schema.ts';
import { userActivity } from '../population.ts';
import {
  type Decisions,
  type ReleasedLabels,
  releasedPositiveRate,
  SERVE_BASELINE,
  SERVE_EXPLORE,
  SERVE_MODEL,
  type TaskWorld,
} from '../task.ts';
import { createRawBatch, ensureRawCapacity, grow, type RawBatch, type RawSchema } from '../types.ts';
import { FRAUD_RAW, type FraudTask, HOURS } from './config.ts';

export const FRAUD_METRICS: readonly MetricDef[] = [
  { name: 'transactions', family: 'world', doc: 'Transactions scored this tick.' },
  { name: 'activeAccounts', family: 'world', doc: 'Accounts that have not closed.' },
  {
    name: 'ringShifts',
    family: 'world',
    doc: 'Fraud rings that changed their pattern this tick (adapting to what got blocked).',
  },
  {
    name: 'fraudRate',
    family: 'true',
    doc: 'Share of transactions made by fraudsters (takeovers, rings, scams).',
  },
  {
    name: 'fraudLoss',
    family: 'true',
    doc: 'Amount of the fraudsters’ transactions that were allowed (the loss, known to the simulator now).',
  },
  {
    name: 'recall',
    family: 'true',
    doc: 'Share of the fraudsters’ transactions that were blocked (NaN when there were none).',
  },
  {
    name: 'precision',
    family: 'true',
    doc: 'Share of blocked transactions made by fraudsters (NaN when none was blocked).',
  },
  {
    name: 'falsePositiveRate',
    family: 'engagement',
    doc: 'Share of legitimate transactions blocked: customer friction.',
  },
  {
    name: 'chargebackRate',
    family: 'true',
    doc: 'Share of allowed transactions that will be charged back (the platform sees it labelDelay ticks later as observedFraudRate).',
  },
  {
    name: 'blockRate',
    family: 'model',
    doc: 'Share of transactions blocked (label-free: the model’s output).',
  },
  {
    name: 'meanScore',
    family: 'model',
    doc: 'Mean fraud score of the transactions (label-free: the model’s output).',
  },
  {
    name: 'meanAmount',
    family: 'world',
    doc: 'Mean amount of the transactions as the raw records carry it (missing values skipped): a label-free input statistic.',
  },
  {
    name: 'revenue',
    family: 'engagement',
    doc: 'Fees earned on allowed legitimate transactions (feeRate x amount).',
  },
  { name: 'netValue', family: 'engagement', doc: 'revenue - fraudLoss.' },
  {
    name: 'observedFraudRate',
    family: 'observed',
    doc: 'Chargeback rate among the labels released this tick (allowed transactions of labelDelay ticks ago).',
  },
];

/**
 * The rules baseline a fraud team runs without a model (guardrails' fallback, input-gate
 * rejections): block when at least `signals` of three hold: a new device (deviceAge <= newDevice
 * ticks), a burst (velocity >= velocity), a large ticket (amount >= amount x the merchant
 * category's typical amount).
 */
export const FRAUD_RULES = { newDevice: 1, velocity: 4, amount: 5, signals: 2 } as const;

/** Source of a transaction: a legitimate customer, a takeover, ring r (1 + r), scam j (1 + rings + j). */
const LEGIT = -1;
const TAKEOVER = 0;
const NEVER = -1_000_000_000;

/** What an event asks a scam source to do this tick (shock.newFraudPattern). */
export interface ScamSpec {
  /** Attempts per tick as a share of the expected legitimate transactions per tick. */
  rate: number;
  /** Merchant category code. */
  category: number;
  amountMin: number;
  amountMax: number;
  /** Hours [hourFrom, hourTo], inclusive. */
  hourFrom: number;
  hourTo: number;
  /** True: the fraudster's device (age 0-1); false: the victim's own device (the victim is tricked). */
  newDevice: boolean;
  /** Victims' segment index, or -1 for any account. */
  segment: number;
}

interface ScamSource {
  key: string;
  rng: Rng;
  spec: ScamSpec | null;
  start: number;
  count: number;
}

/** The raw record of a transaction. */
export function fraudRawSchema(scenario: Scenario): RawSchema {
  const task = scenario.task as FraudTask;
  return {
    numeric: FRAUD_RAW.numeric,
    categorical: [
      { name: 'merchant', domain: task.categories.map((c) => c.name) },
      { name: 'hour', domain: HOURS },
      { name: 'segment', domain: scenario.population.segments.map((s) => s.name) },
    ],
  };
}

export class FraudWorld implements TaskWorld {
  readonly kind = 'fraud';
  readonly metrics = FRAUD_METRICS;
  readonly rowErrorDoc =
    'a misclassification at the threshold: an allowed transaction that was charged back, or an explored one scored at or above the threshold that was not';
  readonly labelDelay: number;
  readonly perSession = 1;
  readonly task: FraudTask;
  readonly schema: RawSchema;
  readonly segmentNames: string[];
  readonly categoryNames: string[];

  /** Multiplier of the takeover rate this tick; reset to 1 by beginTick, multiplied by shock.baseRate. */
  baseRateFactor = 1;
  /** Per-segment multiplier of the churn probabilities this tick; reset by beginTick (shock.competitor). */
  readonly churnFactor: Float64Array;
  /** Per-segment probability per tick that an account leaves for a competitor; reset by beginTick. */
  readonly poachRate: Float64Array;

  // Accounts (columns).
  readonly nAccounts: number;
  readonly segment: Int32Array;
  readonly activity: Float64Array;
  readonly amountScale: Float64Array;
  readonly homeHour: Float64Array;
  readonly favourite: Int32Array; // nAccounts x 2
  readonly openedAt: Int32Array;
  readonly deviceSince: Int32Array;
  readonly velocity: Float64Array; // decayed lazily
  readonly velocityTick: Int32Array;
  readonly churned: Uint8Array;
  readonly #blockedNow: Uint8Array;
  readonly #segMembers: Int32Array[];
  /** Expected legitimate transactions per tick at the start (the unit of the fraud rates). */
  readonly expectedTransactions: number;

  // Categories.
  readonly #catShare: Float64Array;
  readonly #catAmount: Float64Array;

  // Rings (columns).
  readonly nRings: number;
  readonly ringCategory: Int32Array;
  readonly ringHour: Int32Array;
  readonly ringAmountLo: Float64Array;
  readonly ringAmountHi: Float64Array;
  readonly ringSpoof: Uint8Array;
  readonly ringBurst: Int32Array;
  readonly ringBlocked: Float64Array; // smoothed blocked share
  readonly ringLastShift: Int32Array;
  readonly #ringRng: Rng[];
  readonly #ringSlots: number;
  readonly #ringP: number;
  readonly #ringAttempts: Int32Array;
  readonly #ringBlockedNow: Int32Array;
  #shifts = 0;

  // Scams switched on by events.
  readonly #scams: ScamSource[] = [];
  readonly #streams: Streams;

  // Per-tick columns.
  sessions = 0;
  sessionUser = new Int32Array(1024);
  /** Source of each transaction (LEGIT, TAKEOVER, 1 + ring, 1 + rings + scam). */
  source = new Int32Array(1024);
  /** True amount and merchant of each transaction (the raw record may be corrupted; these are not). */
  txAmount = new Float64Array(1024);
  txCategory = new Int32Array(1024);
  pTrue = new Float32Array(1024);
  /** The uniform each transaction's outcome is decided by (drawn with its record, so churn never shifts it). */
  #outcomeU = new Float64Array(1024);
  readonly raw: RawBatch;
  #pot = new Int32Array(0);
  #potRow = new Int32Array(0);
  #potTakeover = new Uint8Array(0);
  #nPot = 0;
  #ringStart = 0;
  #ringEnd = 0;

  readonly #rArrivals: Rng;
  readonly #rTx: Rng;
  readonly #rTakeover: Rng;
  readonly #rChurn: Rng;
  readonly #velocityDecay: number;

  constructor(scenario: Scenario, streams: Streams) {
    const task = scenario.task as FraudTask;
    this.task = task;
    this.#streams = streams;
    this.labelDelay = task.labelDelay;
    const segs = scenario.population.segments;
    this.segmentNames = segs.map((s) => s.name);
    this.categoryNames = task.categories.map((c) => c.name);
    this.schema = fraudRawSchema(scenario);
    this.churnFactor = new Float64Array(segs.length).fill(1);
    this.poachRate = new Float64Array(segs.length);
    this.#catShare = Float64Array.from(task.categories, (c) => c.share);
    this.#catAmount = Float64Array.from(task.categories, (c) => c.amount);
    const C = this.categoryNames.length;

    const init = streams('world.init');
    const n = scenario.population.users;
    this.nAccounts = n;
    this.segment = new Int32Array(n);
    this.activity = new Float64Array(n);
    this.amountScale = new Float64Array(n);
    this.homeHour = new Float64Array(n);
    this.favourite = new Int32Array(2 * n);
    this.openedAt = new Int32Array(n);
    this.deviceSince = new Int32Array(n);
    this.velocity = new Float64Array(n);
    this.velocityTick = new Int32Array(n).fill(-scenario.model.warmup);
    this.churned = new Uint8Array(n);
    this.#blockedNow = new Uint8Array(n);
    const shares = segs.map((s) => s.share);
    const logAge = Math.log(task.accountAge);
    let expected = 0;
    const members: number[][] = segs.map(() => []);
    for (let u = 0; u < n; u++) {
      const s = init.categorical(shares);
      this.segment[u] = s;
      members[s]!.push(u);
      const seg = segs[s]!;
      this.activity[u] = userActivity(init, seg.activity);
      expected += this.activity[u]!;
      this.amountScale[u] = seg.valuePerClick * Math.exp(init.normal(0, 0.4));
      this.homeHour[u] = init.normal(14, 2.5);
      this.favourite[2 * u] = init.categorical(this.#catShare);
      this.favourite[2 * u + 1] = init.categorical(this.#catShare);
      const age = Math.round(Math.exp(logAge + init.normal(0, 1)));
      this.openedAt[u] = -scenario.model.warmup - age;
      // The current device was first seen some time after the account opened.
      this.deviceSince[u] = this.openedAt[u]! + Math.floor(init.next() * (age + 1));
    }
    this.#segMembers = members.map((m) => Int32Array.from(m));
    this.expectedTransactions = expected;

    // Rings: their own streams; the initial pattern is the first draws of each.
    const R = task.rings.count;
    this.nRings = R;
    this.ringCategory = new Int32Array(R);
    this.ringHour = new Int32Array(R);
    this.ringAmountLo = new Float64Array(R);
    this.ringAmountHi = new Float64Array(R);
    this.ringSpoof = new Uint8Array(R);
    this.ringBurst = new Int32Array(R);
    this.ringBlocked = new Float64Array(R);
    this.ringLastShift = new Int32Array(R).fill(NEVER);
    this.#ringAttempts = new Int32Array(R);
    this.#ringBlockedNow = new Int32Array(R);
    this.#ringRng = [];
    const lambda = task.rings.rate * expected;
    this.#ringSlots = lambda > 0 ? Math.ceil(3 * lambda) + 4 : 0;
    this.#ringP = this.#ringSlots > 0 ? lambda / this.#ringSlots : 0;
    for (let r = 0; r < R; r++) {
      const rng = streams(`world.fraud.ring.${r}`);
      this.#ringRng.push(rng);
      const cat = rng.int(C);
      this.ringCategory[r] = cat;
      this.ringHour[r] = (22 + rng.int(8)) % 24; // night owls at first
      this.ringAmountLo[r] = this.#catAmount[cat]! * rng.uniform(1.5, 3);
      this.ringAmountHi[r] = this.ringAmountLo[r]! * rng.uniform(1.5, 3);
      // Its tradecraft (spoofed or fresh devices, burst size) stays; what it targets can change.
      this.ringSpoof[r] = rng.next() < 0.3 ? 1 : 0;
      this.ringBurst[r] = 1 + rng.int(5);
    }

    const capacity = n + R * this.#ringSlots + 64;
    this.sessionUser = new Int32Array(capacity);
    this.source = new Int32Array(capacity);
    this.txAmount = new Float64Array(capacity);
    this.txCategory = new Int32Array(capacity);
    this.pTrue = new Float32Array(capacity);
    this.#outcomeU = new Float64Array(capacity);
    this.#pot = new Int32Array(n);
    this.#potRow = new Int32Array(n);
    this.#potTakeover = new Uint8Array(n);
    this.raw = createRawBatch(this.schema, capacity);
    this.#rArrivals = streams('world.arrivals');
    this.#rTx = streams('world.transactions');
    this.#rTakeover = streams('world.fraud.takeover');
    this.#rChurn = streams('world.churn');
    this.#velocityDecay = 0.5 ** (1 / task.velocityHalfLife);
  }

  /** Step 1: the events' multipliers and scams start from neutral; active events set them after. */
  beginTick(_t: number): void {
    this.baseRateFactor = 1;
    this.churnFactor.fill(1);
    this.poachRate.fill(0);
    for (const s of this.#scams) s.spec = null;
  }

  /**
   * A scam runs this tick (called by shock.newFraudPattern while active). `key` names the scam's own
   * stream, so a scam never shifts the draws of the rest of the world.
   */
  surge(key: string, spec: ScamSpec): void {
    let source = this.#scams.find((s) => s.key === key);
    if (!source) {
      source = { key, rng: this.#streams(`world.scam.${key}`), spec: null, start: 0, count: 0 };
      this.#scams.push(source);
    }
    source.spec = spec;
  }

  #ensure(sessions: number): void {
    if (this.sessionUser.length >= sessions) return;
    const size = sessions * 2;
    this.sessionUser = grow(this.sessionUser, size);
    this.source = grow(this.source, size);
    this.txAmount = grow(this.txAmount, size);
    this.txCategory = grow(this.txCategory, size);
    this.pTrue = grow(this.pTrue, size);
    this.#outcomeU = grow(this.#outcomeU, size);
  }

  /** Step 2: who transacts: customers (and the takeovers among them), then rings, then scams. */
  drawSessions(_t: number): number {
    const n = this.nAccounts;
    const rA = this.#rArrivals;
    let P = 0;
    for (let u = 0; u < n; u++) if (rA.next() < this.activity[u]!) this.#pot[P++] = u;
    this.#nPot = P;
    const takeover = this.task.baseRate * this.baseRateFactor;
    const rT = this.#rTakeover;
    let S = 0;
    for (let p = 0; p < P; p++) {
      const u = this.#pot[p]!;
      const tk = rT.next() < takeover ? 1 : 0;
      this.#potTakeover[p] = tk;
      if (this.churned[u]) {
        this.#potRow[p] = -1;
        continue;
      }
      this.#potRow[p] = S;
      this.sessionUser[S] = u;
      this.source[S] = tk ? TAKEOVER : LEGIT;
      S++;
    }
    this.#ringStart = S;
    for (let r = 0; r < this.nRings; r++) {
      const rng = this.#ringRng[r]!;
      for (let k = 0; k < this.#ringSlots; k++) {
        const active = rng.next() < this.#ringP;
        const victim = rng.int(n);
        if (!active) continue;
        this.sessionUser[S] = victim;
        this.source[S] = 1 + r;
        S++;
      }
    }
    this.#ringEnd = S;
    for (let j = 0; j < this.#scams.length; j++) {
      const sc = this.#scams[j]!;
      sc.start = S;
      sc.count = 0;
      const spec = sc.spec;
      if (!spec) continue;
      const lambda = Math.min(1, spec.rate) * this.expectedTransactions;
      const slots = Math.ceil(3 * lambda) + 4;
      const p = lambda / slots;
      const pool = spec.segment >= 0 ? this.#segMembers[spec.segment]! : null;
      this.#ensure(S + slots);
      for (let k = 0; k < slots; k++) {
        const active = sc.rng.next() < p;
        const v = pool ? pool[sc.rng.int(pool.length)]! : sc.rng.int(n);
        if (!active || v === undefined) continue;
        this.sessionUser[S] = v;
        this.source[S] = 1 + this.nRings + j;
        S++;
        sc.count++;
      }
    }
    this.sessions = S;
    return S;
  }

  #decayVelocity(u: number, t: number): void {
    const dt = t - this.velocityTick[u]!;
    if (dt > 0) {
      this.velocity[u]! *= this.#velocityDecay ** dt;
      this.velocityTick[u] = t;
    }
  }

  /** Step 3: each transaction's raw record, true amount and true fraud probability. */
  buildRows(t: number): number {
    const S = this.sessions;
    ensureRawCapacity(this.raw, S);
    const raw = this.raw;
    raw.rows = S;
    const [amountCol, deviceCol, velocityCol, ageCol] = raw.numeric as [
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
    ];
    const [merchantCol, hourCol, segmentCol] = raw.cats as [Int32Array, Int32Array, Int32Array];
    const task = this.task;
    const C = this.categoryNames.length;
    const spread = task.amountSpread;
    const meanShift = (spread * spread) / 2;
    const friendly = task.friendlyFraud;
    const write = (
      s: number,
      u: number,
      cat: number,
      amount: number,
      hour: number,
      device: number,
      v: number,
    ) => {
      this.txAmount[s] = amount;
      this.txCategory[s] = cat;
      amountCol[s] = Math.round(amount * 100) / 100;
      deviceCol[s] = device;
      velocityCol[s] = v;
      ageCol[s] = t - this.openedAt[u]!;
      merchantCol[s] = cat;
      hourCol[s] = ((hour % 24) + 24) % 24;
      segmentCol[s] = this.segment[u]!;
    };

    // Customers' transactions: a fixed sequence of draws per potential transaction.
    const rTx = this.#rTx;
    const rT = this.#rTakeover;
    for (let p = 0; p < this.#nPot; p++) {
      const u = this.#pot[p]!;
      const fav = rTx.next();
      const pick = rTx.next();
      const zAmount = rTx.normal();
      const zHour = rTx.normal();
      const newDevice = rTx.next() < task.newDeviceRate;
      if (newDevice) this.deviceSince[u] = t;
      // Now and then a customer goes on a spree: a burst of purchases, like a fraudster's.
      const isSpree = rTx.next() < task.spreeRate;
      const spreeSize = 1 + rTx.int(4);
      const spree = isSpree ? spreeSize : 0;
      const uOutcome = rTx.next();
      const tk = this.#potTakeover[p] === 1;
      // A takeover's own draws (any merchant and hour, a large amount, a burst), churned or not.
      let tkCat = 0;
      let tkHour = 0;
      let tkMult = 0;
      let tkBurst = 0;
      if (tk) {
        tkCat = rT.int(C);
        tkHour = rT.int(24);
        tkMult = rT.uniform(1.5, 5);
        tkBurst = rT.int(5);
      }
      const s = this.#potRow[p]!;
      if (s < 0) continue;
      this.#outcomeU[s] = uOutcome;
      this.#decayVelocity(u, t);
      if (!tk) {
        const cat =
          fav < 0.6 ? this.favourite[2 * u + (pick < 0.5 ? 0 : 1)]! : categoricalAt(this.#catShare, pick);
        const amount = this.#catAmount[cat]! * this.amountScale[u]! * Math.exp(spread * zAmount - meanShift);
        const hour = Math.round(this.homeHour[u]! + 3 * zHour);
        write(s, u, cat, amount, hour, t - this.deviceSince[u]!, this.velocity[u]! + 1 + spree);
        this.pTrue[s] = friendly;
      } else {
        const amount = this.#catAmount[tkCat]! * this.amountScale[u]! * tkMult;
        write(s, u, tkCat, amount, tkHour, 0, this.velocity[u]! + 1 + tkBurst);
        this.pTrue[s] = 1;
      }
    }

    // Rings' attempts: six draws each.
    for (let s = this.#ringStart; s < this.#ringEnd; s++) {
      const r = this.source[s]! - 1;
      const rng = this.#ringRng[r]!;
      const u = this.sessionUser[s]!;
      const stray = rng.next();
      const strayCat = rng.int(C);
      const hourJitter = rng.int(3) - 1;
      const amount = rng.uniform(this.ringAmountLo[r]!, this.ringAmountHi[r]!);
      const fresh = rng.int(2);
      const burst = this.ringBurst[r]! + rng.int(2);
      this.#decayVelocity(u, t);
      const cat = stray < 0.9 ? this.ringCategory[r]! : strayCat;
      const device = this.ringSpoof[r] ? t - this.deviceSince[u]! : fresh;
      write(s, u, cat, amount, this.ringHour[r]! + hourJitter, device, this.velocity[u]! + 1 + burst);
      this.pTrue[s] = 1;
      this.#outcomeU[s] = 0;
    }

    // Scams: three draws each.
    for (const sc of this.#scams) {
      const spec = sc.spec;
      if (!spec) continue;
      for (let k = 0; k < sc.count; k++) {
        const row = sc.start + k;
        const u = this.sessionUser[row]!;
        const amount = sc.rng.uniform(spec.amountMin, spec.amountMax);
        const hour = spec.hourFrom + sc.rng.int(spec.hourTo - spec.hourFrom + 1);
        const fresh = sc.rng.int(2);
        this.#decayVelocity(u, t);
        const device = spec.newDevice ? fresh : t - this.deviceSince[u]!;
        write(row, u, spec.category, amount, hour, device, this.velocity[u]! + 1);
        this.pTrue[row] = 1;
        this.#outcomeU[row] = 0;
      }
    }
    return S;
  }

  /**
   * Step 6: block when the score reaches the threshold; the exploration slice (and everything before
   * launch) is allowed whatever its score. One policy draw per transaction. Blocked: never labelled.
   * Guardrail modes (d.mode): SERVE_BASELINE blocks by FRAUD_RULES on the raw record, SERVE_DEFAULT
   * allows, SERVE_EXPLORE allows and flags the transaction as exploration.
   */
  decide(scores: Float32Array, launched: boolean, exploration: number, rng: Rng, d: Decisions): void {
    const eps = launched ? exploration : 1;
    const mode = launched ? d.mode : undefined;
    const threshold = this.task.threshold;
    const S = this.sessions;
    d.count = S;
    for (let s = 0; s < S; s++) {
      const how = mode ? mode[s]! : SERVE_MODEL;
      const explore = rng.next() < eps || how === SERVE_EXPLORE;
      d.explored[s] = explore ? 1 : 0;
      d.row[s] = s;
      let block = 0;
      if (!explore) {
        if (how === SERVE_MODEL) block = scores[s]! >= threshold ? 1 : 0;
        else if (how === SERVE_BASELINE) block = this.#ruleBlocks(s) ? 1 : 0;
      }
      d.action[s] = block;
      d.labelled[s] = 1 - block;
    }
  }

  /** The rules baseline (FRAUD_RULES) on transaction s's raw record, as the request carries it. */
  #ruleBlocks(s: number): boolean {
    const num = this.raw.numeric;
    const cat = this.raw.cats[0]![s]!;
    const typical = cat >= 0 && cat < this.#catAmount.length ? this.#catAmount[cat]! : Number.NaN;
    let signals = 0;
    if (num[1]![s]! <= FRAUD_RULES.newDevice) signals++; // deviceAge
    if (num[2]![s]! >= FRAUD_RULES.velocity) signals++; // velocity
    if (num[0]![s]! >= FRAUD_RULES.amount * typical) signals++; // amount
    return signals >= FRAUD_RULES.signals;
  }

  /**
   * Step 7: fraud or not (a chargeback will say so, if the transaction was allowed), decided by the
   * uniform drawn with the transaction's record, whatever was decided.
   */
  respond(d: Decisions): void {
    for (let e = 0; e < d.count; e++) {
      const r = d.row[e]!;
      d.outcome[e] = this.#outcomeU[r]! < this.pTrue[r]! ? 1 : 0;
    }
  }

  /** Step 8: velocities, churn (friction), and the rings' adaptation to what got blocked. */
  evolve(t: number, d: Decisions): void {
    const S = this.sessions;
    const R = this.nRings;
    this.#ringAttempts.fill(0);
    this.#ringBlockedNow.fill(0);
    for (let s = 0; s < S; s++) {
      const u = this.sessionUser[s]!;
      this.#decayVelocity(u, t);
      this.velocity[u]! += 1;
      const src = this.source[s]!;
      const blocked = d.action[s]!;
      if (src === LEGIT) {
        if (blocked) this.#blockedNow[u] = 1;
      } else if (src >= 1 && src <= R) {
        this.#ringAttempts[src - 1]! += 1;
        this.#ringBlockedNow[src - 1]! += blocked;
      }
    }
    const { base, afterBlock } = this.task.churn;
    const rC = this.#rChurn;
    for (let u = 0; u < this.nAccounts; u++) {
      const x = rC.next();
      if (this.churned[u] === 0) {
        const seg = this.segment[u]!;
        const h =
          (base + (this.#blockedNow[u] ? afterBlock : 0)) * this.churnFactor[seg]! + this.poachRate[seg]!;
        if (x < h) this.churned[u] = 1;
      }
      this.#blockedNow[u] = 0;
    }
    const { adaptThreshold, memory, cooldown } = this.task.rings;
    const C = this.categoryNames.length;
    this.#shifts = 0;
    for (let r = 0; r < R; r++) {
      // The candidate pattern is drawn every tick, used or not.
      const rng = this.#ringRng[r]!;
      const cat = rng.int(C);
      const hour = rng.int(24);
      const lo = rng.uniform(0.5, 3);
      const hi = rng.uniform(1.5, 3);
      const attempts = this.#ringAttempts[r]!;
      if (attempts === 0) continue;
      this.ringBlocked[r] =
        (1 - memory) * this.ringBlocked[r]! + (memory * this.#ringBlockedNow[r]!) / attempts;
      if (
        adaptThreshold < 1 &&
        this.ringBlocked[r]! >= adaptThreshold &&
        t - this.ringLastShift[r]! >= cooldown
      ) {
        this.ringCategory[r] = cat;
        this.ringHour[r] = hour;
        this.ringAmountLo[r] = this.#catAmount[cat]! * lo;
        this.ringAmountHi[r] = this.ringAmountLo[r]! * hi;
        this.ringBlocked[r] = 0;
        this.ringLastShift[r] = t;
        this.#shifts++;
      }
    }
  }

  /** Released chargebacks change nothing in the world (the platform's model learns them). */
  observe(_t: number, _released: ReleasedLabels): void {}

  /** Step 9: fraud caught and missed, friction, value, the model's label-free outputs. */
  measure(_t: number, scores: Float32Array, d: Decisions, m: Record<string, number>): void {
    const S = this.sessions;
    const fee = this.task.feeRate;
    let fraud = 0;
    let blocked = 0;
    let blockedFraud = 0;
    let blockedLegit = 0;
    let loss = 0;
    let revenue = 0;
    let allowed = 0;
    let charged = 0;
    let scoreSum = 0;
    let amountSum = 0;
    let amounts = 0;
    const rawAmount = this.raw.numeric[0]!;
    for (let s = 0; s < S; s++) {
      const a = rawAmount[s]!;
      if (!Number.isNaN(a)) {
        amountSum += a;
        amounts++;
      }
      const isFraud = this.source[s] !== LEGIT;
      const b = d.action[s] === 1;
      scoreSum += scores[s]!;
      if (isFraud) fraud++;
      if (b) {
        blocked++;
        if (isFraud) blockedFraud++;
        else blockedLegit++;
      } else {
        allowed++;
        charged += d.outcome[s]!;
        if (isFraud) loss += this.txAmount[s]!;
        else revenue += fee * this.txAmount[s]!;
      }
    }
    const legit = S - fraud;
    m.transactions = S;
    m.activeAccounts = this.activeAccounts();
    m.ringShifts = this.#shifts;
    m.fraudRate = S > 0 ? fraud / S : Number.NaN;
    m.fraudLoss = loss;
    m.recall = fraud > 0 ? blockedFraud / fraud : Number.NaN;
    m.precision = blocked > 0 ? blockedFraud / blocked : Number.NaN;
    m.falsePositiveRate = legit > 0 ? blockedLegit / legit : Number.NaN;
    m.chargebackRate = allowed > 0 ? charged / allowed : Number.NaN;
    m.blockRate = S > 0 ? blocked / S : Number.NaN;
    m.meanScore = S > 0 ? scoreSum / S : Number.NaN;
    m.meanAmount = amounts > 0 ? amountSum / amounts : Number.NaN;
    m.revenue = revenue;
    m.netValue = revenue - loss;
  }

  measureReleased(released: ReleasedLabels | undefined, m: Record<string, number>): void {
    m.observedFraudRate = releasedPositiveRate(released);
  }

  rowError(score: number, label: number): number {
    return (score >= this.task.threshold ? 1 : 0) === label ? 0 : 1;
  }

  /** The merchant category of a transaction. */
  itemOf(row: number): number {
    return this.txCategory[row]!;
  }

  activeAccounts(): number {
    let n = 0;
    for (let u = 0; u < this.nAccounts; u++) if (this.churned[u] === 0) n++;
    return n;
  }
}

/** The index a uniform u in [0, 1) falls on when weights are laid end to end (an inverse CDF). */
function categoricalAt(weights: Float64Array, u: number): number {
  let total = 0;
  for (let i = 0; i < weights.length; i++) total += weights[i]!;
  let x = u * total;
  for (let i = 0; i < weights.length; i++) {
    x -= weights[i]!;
    if (x < 0) return i;
  }
  return weights.length - 1;
}
