/**
 * A retry budget, after Finagle's RetryBudget (ttl 10s, minRetriesPerSec 10, percentCanRetry
 * 0.2): every call deposits `percentCanRetry` of a token, every retry withdraws one, deposits and
 * withdrawals expire after `ttl`, plus a floor of `minRetriesPerSec`. Retries stay a share of calls.
 */
import { z } from 'zod';
import { MICROS_PER_SECOND, seconds, type Micros } from '../kernel/time.js';
import { positiveDuration } from '../units/human-units.js';

export const retryBudgetSchema = z.strictObject({
  ttl: positiveDuration.default(seconds(10)),
  minRetriesPerSec: z.number().int().nonnegative().max(1_000_000).default(10),
  percentCanRetry: z.number().min(0).max(10).default(0.2),
});
export type RetryBudgetConfig = z.output<typeof retryBudgetSchema>;

/** Deposits and withdrawals are counted in `SLOTS` buckets spanning `ttl`, so memory is bounded. */
const SLOTS = 10;

export class RetryBudget {
  private readonly deposits = new Array<number>(SLOTS).fill(0);
  private readonly withdrawals = new Array<number>(SLOTS).fill(0);
  private readonly slotUs: Micros;
  private slot = 0;
  private slotIndex = 0;

  constructor(private readonly config: RetryBudgetConfig) {
    this.slotUs = Math.max(1, Math.ceil(config.ttl / SLOTS));
  }

  /** A call (first attempt) was made. */
  deposit(nowUs: Micros): void {
    this.advance(nowUs);
    this.deposits[this.slotIndex]!++;
  }

  /** Takes a token for one retry; false when the budget is spent. */
  tryWithdraw(nowUs: Micros): boolean {
    // The epsilon keeps 0.1 · 10 deposits (0.9999…) worth one retry.
    if (this.balance(nowUs) < 1 - 1e-9) return false;
    this.withdrawals[this.slotIndex]!++;
    return true;
  }

  balance(nowUs: Micros): number {
    this.advance(nowUs);
    const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
    const reserve = (this.config.minRetriesPerSec * this.config.ttl) / MICROS_PER_SECOND;
    return reserve + sum(this.deposits) * this.config.percentCanRetry - sum(this.withdrawals);
  }

  private advance(nowUs: Micros): void {
    const slot = Math.floor(nowUs / this.slotUs);
    const steps = Math.min(SLOTS, slot - this.slot);
    for (let i = 1; i <= steps; i++) {
      const idx = (this.slotIndex + i) % SLOTS;
      this.deposits[idx] = 0;
      this.withdrawals[idx] = 0;
    }
    if (slot > this.slot) {
      this.slotIndex = (this.slotIndex + (slot - this.slot)) % SLOTS;
      this.slot = slot;
    }
  }
}
