import type { Argv, CommandModule } from 'yargs';
import { columns } from '../../reports/format.js';
import { builtInModels } from '../../sim/models/index.js';
import { checkNames } from '../../sim/scenario/schema.js';
import { action } from '../action.js';
import { InputError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { styleFor } from '../output.js';
import { loadScenario } from '../load.js';
import { forEachScenario, scenarioFiles } from '../read-scenario.js';
import { safeForTerminal } from '../../reports/terminal-text.js';

interface ListArgs {
  dir?: string;
  models: boolean;
}

export const listCommand: CommandModule<object, ListArgs> = {
  command: 'list [dir]',
  describe: 'list the scenarios in a directory (name, variants, checks), or the models a scenario can use',
  builder: (y: Argv) =>
    y
      .positional('dir', { type: 'string', describe: 'directory of scenario files (default: scenarios), or with --models a scenario file' })
      .option('models', {
        type: 'boolean',
        default: false,
        describe: "list the built-in models and their params instead; with a FILE, that scenario's module models too",
      })
      .example('$0 list', 'the bundled scenarios')
      .example('$0 list my-scenarios/', 'your own')
      .example('$0 list --models', 'the models a scenario can use in `nodes[].model`')
      .example('$0 list --models examples/primary-backup/primary-backup.yaml', 'the built-ins and the modules that scenario loads')
      .epilogue('Exit codes: 0 listed, 2 the directory is missing or a file in it is invalid (the valid ones are still listed).') as Argv<ListArgs>,
  handler: action(async (args: ListArgs) => {
    const style = styleFor('stdout');
    if (args.models) {
      // With a scenario file: its module models first, by the `model` text its nodes use.
      const modules = args.dir === undefined ? [] : (await loadScenario(args.dir)).models;
      const models: { name: string; summary: string; params: unknown }[] = [];
      for (const [text, m] of modules) if (!('failed' in m)) models.push({ name: text, summary: `${m.name}: ${m.summary}`, params: m.params });
      models.push(...builtInModels());
      const indent = ' '.repeat(Math.max(0, ...models.map((m) => m.name.length)) + 2);
      const lines = columns(models.map((m) => [style.bold(m.name), m.summary]));
      const params = models.map((m) => `${indent}${style.dim(`params: ${paramNames(m.params).join(', ') || '(none)'}`)}`);
      process.stdout.write(safeForTerminal(lines.flatMap((l, i) => [l, params[i]!]).join('\n') + '\n'));
      return EXIT.ok;
    }
    const found = scenarioFiles(args.dir ?? 'scenarios');
    if (!found.ok) throw new InputError([found.issue]);
    const rows: string[][] = [];
    const allLoaded = await forEachScenario(found.files, ({ file, scenario: s }) => {
      rows.push([style.bold(s.name), `variants: ${Object.keys(s.variants).join(', ')}`, `checks: ${checkNames(s).join(', ')}`, style.dim(file)]);
    });
    if (rows.length > 0) process.stdout.write(safeForTerminal(columns(rows).join('\n') + '\n'));
    return allLoaded ? EXIT.ok : EXIT.badInput;
  }),
};

/** The top-level fields of a model's params schema, when it is an object (zod keeps its shape). */
export function paramNames(schema: unknown): string[] {
  let s = schema as { _zod?: { def?: { type?: string; shape?: object; innerType?: unknown; in?: unknown } } } | undefined;
  for (let i = 0; i < 8 && s?._zod?.def; i++) {
    const def = s._zod.def;
    if (def.shape) return Object.keys(def.shape);
    s = (def.innerType ?? def.in) as typeof s;
  }
  return [];
}
