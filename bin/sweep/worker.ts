import { parentPort, workerData } from 'node:worker_threads';
import { runSeed } from '../../sim/sweep/run-seed.js';
import { loadScenario, userCodeFor } from '../load.js';
import { mapPoints } from '../map/points.js';
import type { FromWorker, ToWorker, WorkerData } from './messages.js';
import { LogWriter } from './outcome-log.js';

/** How often a busy worker tells the main thread of the outcomes it has logged. */
const BATCH_MS = 50;

/**
 * A sweep worker: loads the scenario once, then runs the chunks of jobs it is sent, logging each
 * outcome as its run finishes (outcome-log.ts), telling the main thread every ~50 ms and after the
 * last, then a `chunk-done`.
 */
const port = parentPort;
if (port === null) throw new Error('bin/sweep/worker.js runs as a worker thread of `faultline sweep`');
const data = workerData as WorkerData;
const post = (m: FromWorker) => port.postMessage(m);

try {
  const loaded = await loadScenario(data.file);
  const scenario = loaded.scenario;
  const opts = { swarm: data.swarm, ...(await userCodeFor(loaded, data.variants)) };
  const scenarioOf = data.points === undefined ? () => scenario : mapPoints(data.file, loaded.models, data.points);
  const log = data.log === undefined ? undefined : new LogWriter(data.log);
  port.on('message', (m: ToWorker) => {
    let told = performance.now();
    for (const [k, job] of m.jobs.entries()) {
      const started = performance.now();
      const outcome = runSeed(scenarioOf(job.point), job, opts);
      const now = performance.now();
      if (log === undefined || !log.append({ k, outcome, ms: now - started })) {
        if (log !== undefined) post({ type: 'logged', count: log.count });
        post({ type: 'outcome', k, outcome, ms: now - started });
      } else if (now - told >= BATCH_MS) {
        post({ type: 'logged', count: log.count });
        told = now;
      }
    }
    if (log !== undefined) post({ type: 'logged', count: log.count });
    post({ type: 'chunk-done' });
  });
  post({ type: 'ready' });
} catch (e) {
  post({ type: 'fatal', message: e instanceof Error ? e.message : String(e) });
}
