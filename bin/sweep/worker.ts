import { parentPort, workerData } from 'node:worker_threads';
import { runSeed } from '../../sim/sweep/run-seed.js';
import { loadScenario, userCodeFor } from '../load.js';
import { mapPoints } from '../map/points.js';
import type { FromWorker, ToWorker, WorkerData } from './messages.js';

/**
 * A sweep worker: loads the scenario once, then runs the chunks of jobs it is sent, posting each
 * outcome as its run finishes and a `chunk-done` after the last.
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
  port.on('message', (m: ToWorker) => {
    for (const job of m.jobs) {
      const started = performance.now();
      const outcome = runSeed(scenarioOf(job.point), job, opts);
      post({ type: 'outcome', outcome, ms: performance.now() - started });
    }
    post({ type: 'chunk-done' });
  });
  post({ type: 'ready' });
} catch (e) {
  post({ type: 'fatal', message: e instanceof Error ? e.message : String(e) });
}
