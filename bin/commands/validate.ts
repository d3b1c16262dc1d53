import type { Argv, CommandModule } from 'yargs';
import { checkNames } from '../../sim/scenario/schema.js';
import { action } from '../action.js';
import { EXIT } from '../exit-codes.js';
import { printIssues, styleFor } from '../output.js';
import { forEachScenario, scenarioFiles } from '../read-scenario.js';
import { plural } from '../../reports/format.js';
import { escapeControl } from '../../reports/terminal-text.js';

interface ValidateArgs {
  files: string[];
}

export const validateCommand: CommandModule<object, ValidateArgs> = {
  command: 'validate <files..>',
  describe: 'check scenario files without running them: an ok line per file, or every problem found',
  builder: (y: Argv) =>
    y
      .positional('files', { type: 'string', array: true, demandOption: true, describe: 'scenario files, or directories of them' })
      .example('$0 validate scenarios/duplicate-payment.yaml', 'one file')
      .example('$0 validate scenarios/', 'every scenario in a directory')
      .epilogue('Exit codes: 0 every file is valid, 2 any is not.') as Argv<ValidateArgs>,
  handler: action(async (args: ValidateArgs) => {
    const style = styleFor('stdout');
    let bad = false;
    for (const path of args.files) {
      const found = scenarioFiles(path);
      if (!found.ok) {
        printIssues([found.issue]);
        bad = true;
        continue;
      }
      const allLoaded = await forEachScenario(found.files, ({ file, scenario: s }) => {
        process.stdout.write(
          `${style.green('ok')}  ${escapeControl(file)}  ${s.name}: ${plural(Object.keys(s.variants).length, 'variant')}, ${plural(checkNames(s).length, 'check')}\n`,
        );
      });
      if (!allLoaded) bad = true;
    }
    return bad ? EXIT.badInput : EXIT.ok;
  }),
};
