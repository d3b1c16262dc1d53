/**
 * Ctrl-C during a sweep: the first SIGINT stops the pool and lets the command write what
 * finished; a second one quits at once (exit 130, the shell's code for SIGINT).
 */
export function onInterrupt(stop: () => void, label = 'sweep'): () => void {
  let count = 0;
  const handler = () => {
    count++;
    if (count > 1) process.exit(130);
    process.stderr.write(`\nfaultline ${label}: interrupted; writing the runs that finished (Ctrl-C again to quit at once)\n`);
    stop();
  };
  process.on('SIGINT', handler);
  return () => process.off('SIGINT', handler);
}
