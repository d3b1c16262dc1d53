import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.spec.ts'],
    testTimeout: 60_000,
    // Test files share their worker's module cache instead of importing sim/, zod and the CLI
    // afresh each (isolated, that import was a fifth of the suite: 129 s → 80 s on 2 cores). So a
    // test that changes process-wide state restores it (test/cli/cli.ts's inProcess does for the
    // streams, console, env and exit code) and keeps nothing in module state another file reads.
    isolate: false,
  },
});
