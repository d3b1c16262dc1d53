import { z } from 'zod';
import type { Micros } from '../kernel/time.js';
import { duration, ppm, signedDuration } from '../units/human-units.js';

export const clockConfigSchema = z.strictObject({
  /** Wall clock offset from true time at the start of the run. */
  offset: signedDuration.default(0),
  /** Rate error: +100ppm runs 100 µs a second fast. Applies to wall and monotonic alike. */
  drift: ppm.default(0),
  /** Scheduled steps of the wall clock (an NTP correction): at true time `at`, jump by `by`. */
  steps: z.array(z.strictObject({ at: duration, by: signedDuration })).default([]),
});
export type ClockConfig = z.infer<typeof clockConfigSchema>;

/**
 * A node's local clocks. Both run at (1 + drift) times true speed. The monotonic clock never
 * goes back (CLOCK_MONOTONIC); the wall clock carries an offset and can be stepped, forwards or
 * backwards, as NTP does (CLOCK_REALTIME). Timers run on the monotonic clock, so drift moves
 * when they fire in true time but a wall step does not.
 */
export class LocalClock {
  private stepTotalUs: Micros = 0;

  constructor(
    private readonly offsetUs: Micros,
    readonly driftPpm: number,
  ) {}

  /** Local elapsed time after `trueUs` of true time: floor, so a clock never reads early. */
  private elapsed(trueUs: Micros): Micros {
    return trueUs + Math.floor((trueUs * this.driftPpm) / 1_000_000);
  }

  monotonic(trueUs: Micros): Micros {
    return this.elapsed(trueUs);
  }

  wall(trueUs: Micros): Micros {
    return this.elapsed(trueUs) + this.offsetUs + this.stepTotalUs;
  }

  step(byUs: Micros): void {
    this.stepTotalUs += byUs;
  }

  /** True-time delay until `localDelayUs` has passed on this clock (rounded up: never early). */
  trueDelay(localDelayUs: Micros): Micros {
    if (this.driftPpm === 0) return localDelayUs;
    return Math.ceil((localDelayUs * 1_000_000) / (1_000_000 + this.driftPpm));
  }
}
