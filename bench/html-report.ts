import { fileURLToPath } from 'node:url';
import { loadScenario } from '../bin/load.js';
import { runHtmlPage } from '../bin/visual-reports.js';

/**
 * Child process of the bench: the HTML page of a 1 M-event run (pg-timeout-cascade naive, its
 * load stretched to 1,880 s), as `faultline run --format html` builds it; time, peak resident
 * memory and page size as JSON on stdout. Issue 16's budget: < 10 s, < 400 MB, < 5 MB.
 */
const file = fileURLToPath(new URL('../../scenarios/pg-timeout-cascade.yaml', import.meta.url));
const loaded = await loadScenario(file);
const base = loaded.scenario;
if (base.workload === undefined) throw new Error('pg-timeout-cascade has no workload');
const scenario = { ...base, duration: 1_880_000_000, maxOperations: 400_000, workload: { ...base.workload, until: 1_870_000_000 } };
const t0 = process.hrtime.bigint();
const page = runHtmlPage(scenario, { file, variant: 'naive', seed: 1 });
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
process.stdout.write(
  JSON.stringify({ events: page.events, seconds, maxRssMb: process.resourceUsage().maxRSS / 1024, pageMb: Buffer.byteLength(page.html) / 1e6 }),
);
