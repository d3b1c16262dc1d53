/**
 * Composition of policies, outermost first, as in Polly's `Policy.wrap` / cockatiel's `wrap`:
 * `compose(bulkhead, breaker, retry, timeout)(call)` is `bulkhead(breaker(retry(timeout(call))))`.
 */
import type { Call, Policy } from './call.js';

export function compose(...policies: Policy[]): Policy {
  return <T>(call: Call<T>): Call<T> => policies.reduceRight<Call<T>>((inner, p) => p(inner), call);
}

/** The policy that does nothing (an empty stack). */
export const identity: Policy = (call) => call;
