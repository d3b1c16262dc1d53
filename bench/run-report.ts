import { fileURLToPath } from 'node:url';
import { loadScenario } from '../bin/load.js';
import { runJsonReport, runTextInput } from '../bin/run-reports.js';
import { jsonChunks } from '../reports/json-stream.js';
import { renderRunText } from '../reports/text.js';

/**
 * Child process of the bench: the text or JSON report (argv[2]) of a 1 M-event run
 * (canary-rollback naive, its workload stretched to 1,420 s: 998,066 events), made as
 * `faultline run --format text|json` makes it; wall and CPU time, peak resident memory and report
 * size as JSON on stdout. Issue 14's target: < 5 s and < 300 MB.
 */
const format = process.argv[2];
if (format !== 'text' && format !== 'json') throw new Error('usage: run-report.js text|json');
const file = fileURLToPath(new URL('../../scenarios/canary-rollback.yaml', import.meta.url));
const base = (await loadScenario(file)).scenario;
if (base.workload === undefined) throw new Error('canary-rollback has no workload');
const scenario = { ...base, duration: 1_430_000_000, maxOperations: 400_000, workload: { ...base.workload, until: 1_420_000_000 } };
const sim = { file, variant: 'naive', seed: 1 };
const reproduce = 'npx faultline run scenarios/canary-rollback.yaml --variant naive --seed 1';

const t0 = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
let bytes = 0;
let events: number;
if (format === 'json') {
  const report = runJsonReport(scenario, sim, reproduce);
  events = report.events;
  // Written as the CLI writes it, chunk by chunk; only the size is kept.
  for (const chunk of jsonChunks(report)) bytes += Buffer.byteLength(chunk);
} else {
  const input = runTextInput(scenario, sim);
  events = input.run.events;
  bytes = Buffer.byteLength(renderRunText({ ...input, reproduce }));
}
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = process.cpuUsage(cpu0);
process.stdout.write(
  JSON.stringify({ events, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, maxRssMb: process.resourceUsage().maxRSS / 1024, reportKb: bytes / 1024 }),
);
