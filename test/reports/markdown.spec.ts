import { describe, expect, it } from 'vitest';
import { renderCompareMarkdown, renderRunMarkdown } from '../../reports/markdown.js';
import { compareRuns } from '../../sim/run/verdict-matrix.js';
import { answered, doubleCharge, fakeRun } from './fixtures.js';

describe('Markdown report', () => {
  it('counts fallback answers in the statistics, as the text and HTML reports do', () => {
    const base = fakeRun({}, [answered]);
    const md = renderRunMarkdown({ ...base, stats: { ...base.stats, fallbacks: 2 } }, 'faultline run x.yaml');
    expect(md).toContain('| requests | 3 (ok 2, failed 0, unknown 1, fallbacks 2) |');
  });

  it('puts the verdict table first, then each failing check with its detail and the reproducer in a code block', () => {
    const md = renderRunMarkdown(fakeRun({}, [{ ...doubleCharge, detail: 'a | b <script>' }, answered]), 'faultline run x.yaml --variant naive --seed 42');
    expect(md).toMatchInlineSnapshot(`
      "### demo · variant \`naive\` · seed 42

      **❌ FAIL: 1 of 2 checks failed**

      |  | check | kind | at | detail |
      |---|---|---|---|---|
      | ❌ | exactly-once | safety | t=1.006s | a \\| b &lt;script&gt; |
      | ✅ | answered | liveness |  | Every request was answered. |

      #### Failing checks

      **exactly-once** (safety) at t=1.006s (the first violation)

      > a | b &lt;script&gt;

      Reproduce:

      \`\`\`sh
      faultline run x.yaml --variant naive --seed 42
      \`\`\`

      <details><summary>Statistics</summary>

      |  |  |
      |---|---|
      | requests | 3 (ok 2, failed 0, unknown 1) |
      | latency (ok) | p50 12ms, p99 1.4s, max 1.4s |
      | messages | sent 10, delivered 8, lost 1, partitioned 0, to a down node 0, duplicated 1, held 0 |
      | run | 40 events, stopped at t=5s (time-limit), trace digest \`00ff\` |

      </details>
      "
    `);
  });

  it('summarises compare: the matrix per scenario, surprises first, each with its replay command', () => {
    const runs = [fakeRun({ seed: 1 }, [doubleCharge, answered]), fakeRun({ seed: 1, variant: 'fixed' }, [doubleCharge, answered])];
    const md = renderCompareMarkdown(
      compareRuns(runs, { demo: { naive: { 'exactly-once': 'fail' } } }),
      (s, v, seed) => `faultline run ${s}.yaml --variant ${v} --seed ${seed}`,
    );
    expect(md).toContain('**❌ NOT AS EXPECTED');
    expect(md).toContain('| naive | ⚠️ 0/1 pass (expect fail) | ✅ 1/1 pass |');
    expect(md).toContain('| fixed | ❌ 0/1 pass | ✅ 1/1 pass |');
    const fixed = md.indexOf('**demo / fixed / exactly-once**: failed on 1 of 1 seeds, **failed** (no expectation)');
    const naive = md.indexOf('**demo / naive / exactly-once**: failed on 1 of 1 seeds, as expected');
    expect(fixed).toBeGreaterThan(0);
    expect(naive).toBeGreaterThan(fixed);
    expect(md).toContain('```sh\nfaultline run demo.yaml --variant fixed --seed 1\n```');
  });
});
