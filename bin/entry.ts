import { hideBin } from 'yargs/helpers';
import { runCli } from './cli.js';

/**
 * The process entry point (bin/faultline.js imports the compiled one): the CLI on this process's
 * arguments. Importing bin/cli.ts runs nothing, so tests call runCli in-process. Not awaited: the
 * process ends when its work does, with the exit code runCli set.
 */
void runCli(hideBin(process.argv));
