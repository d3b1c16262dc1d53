import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, failing: number): void;
  stop(): void;
}

/**
 * Progress on stderr, never stdout (which may carry JSON). On a terminal, a live bar
 * (cli-progress); elsewhere (CI logs) one plain line per tenth of the runs, so a long sweep shows
 * it is alive without flooding the log.
 */
export function progress(total: number, enabled: boolean, label = 'sweep'): Progress {
  if (!enabled || total === 0) return { update() {}, stop() {} };
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream: process.stderr,
        format: `${label} |{bar}| {value}/{total} runs  {failing} failing  eta {eta_formatted}`,
        hideCursor: true,
        clearOnComplete: true,
        fps: 10,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { failing: 0 });
    return { update: (done, failing) => bar.update(done, { failing }), stop: () => bar.stop() };
  }
  let tenth = 0;
  return {
    update(done, failing) {
      const now = Math.floor((done * 10) / total);
      if (now <= tenth || now >= 10) return;
      tenth = now;
      process.stderr.write(`faultline ${label}: ${now * 10}% (${done}/${total} runs, ${failing} failing)\n`);
    },
    stop() {},
  };
}
