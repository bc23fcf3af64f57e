// Okabe & Ito's colour-blind-safe palette (Color Universal Design, 2008), and what each colour means
// across the app's charts.
export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
  grey: '#999999',
} as const;

const P = OKABE_ITO;

export const SERIES = { truth: P.blue, observed: P.orange, estimated: P.reddishPurple } as const;
/** A comparison: the run without guardrails, and the gap where the guardrails gained or cost. */
export const COMPARE = { counterfactual: P.grey, gain: P.bluishGreen, loss: P.vermillion } as const;
export const LEVELS = { warning: P.orange, alarm: P.vermillion } as const;

/** Monitors: colours distinct from the warning and alarm levels. */
export const MONITOR_COLOURS = [P.skyBlue, P.bluishGreen, P.reddishPurple, P.blue, P.black, P.grey];
/** Guardrails, in the order the scenario lists them. */
export const GUARDRAIL_COLOURS = [P.black, P.blue, P.reddishPurple, P.bluishGreen, P.orange, P.skyBlue];
/** Segments of the population. */
export const SEGMENT_COLOURS = [
  P.orange,
  P.skyBlue,
  P.bluishGreen,
  P.reddishPurple,
  P.blue,
  P.vermillion,
  P.black,
];

/** Incident bands by cause. */
export const CAUSE_COLOURS: Record<string, string> = {
  preference: P.skyBlue,
  pipeline: P.orange,
  dependency: P.reddishPurple,
  shock: P.vermillion,
  feedback: P.bluishGreen,
  quality: P.grey,
};

export function causeColour(cause: string): string {
  return CAUSE_COLOURS[cause] ?? P.yellow;
}

export function cycle(colours: readonly string[], i: number): string {
  return colours[((i % colours.length) + colours.length) % colours.length]!;
}
