// What the external shocks share: a window from `at` lasting `duration` ticks (0: to the end of the
// run; its checks and bounds are common.ts's). A shock acts through fields its task worlds expose
// (multipliers reset every tick by the world's beginTick, scams switched on per tick), so shocks
// compose by multiplication and an inactive shock leaves the world exactly as it was.
import { int } from '../scenario/zod-helpers.ts';

export const shockWindow = (what: string, duration: number) => ({
  at: int(0, `Tick at which ${what} starts.`, { min: 0 }),
  duration: int(duration, 'Ticks it lasts; 0 lasts to the end of the run.', { min: 0 }),
});
