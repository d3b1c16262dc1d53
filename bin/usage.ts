import yargs, { type CommandModule } from 'yargs';
import { didYouMean } from '../sim/scenario/did-you-mean.js';

/**
 * Usage errors that say what to type instead: yargs' own words ("Unknown argument: varient",
 * "Not enough non-option arguments: got 0, need at least 1") rewritten with a did-you-mean from
 * the command's own flags, or the command's one-line usage and an example. Exit 2 either way.
 */

/** Each command's synopsis (docs/cli.md) and an example that runs after the README's `npm ci`. */
const USAGE: Record<string, { usage: string; example: string }> = {
  run: {
    usage: 'faultline run FILE [--variant NAME] [--seed N] [--format text|json|html|junit|md] [--out FILE]',
    example: 'npx faultline run scenarios/duplicate-payment.yaml --variant naive',
  },
  compare: {
    usage: 'faultline compare PATH... [--seeds 1..50] [--format text|json|html|junit|md] [--out FILE]',
    example: 'npx faultline compare scenarios/ --seeds 1..20',
  },
  demo: {
    usage: 'faultline demo FILE [--variant NAME] [--seed N] [--speed X] [--step] [--messages]',
    example: 'npx faultline demo scenarios/split-brain.yaml --variant naive --step',
  },
  sweep: {
    usage:
      'faultline sweep FILE [--variant NAME] [--seeds 1..1000] [--workers N] [--swarm] [--check-determinism[=SHARE]] [--shard K/N|auto[/N]] [--format text|json|junit] [--out FILE]',
    example: 'npx faultline sweep scenarios/split-brain.yaml --variant fencing --seeds 1..1000',
  },
  replay: {
    usage: 'faultline replay FILE --seed N [--variant NAME] [--swarm] [--trace FILE]',
    example: 'npx faultline replay scenarios/split-brain.yaml --seed 3 --trace trace.jsonl',
  },
  map: {
    usage:
      'faultline map FILE [--param PATH=VALUES]... [--seeds 1..20] [--variant NAME] [--check NAME] [--find PATH --between A..B] [--workers N] [--format text|json|html] [--out FILE]',
    example: 'npx faultline map docs/examples/map/retry-storm-map.yaml',
  },
  merge: { usage: 'faultline merge RESULT.json... [--format text|json|junit] [--out FILE]', example: 'npx faultline merge results/*.json' },
  validate: { usage: 'faultline validate PATH...', example: 'npx faultline validate scenarios/' },
  list: { usage: 'faultline list [DIR] [--models]', example: 'npx faultline list --models' },
};

const usageOf = (command: string): string => {
  const u = Object.hasOwn(USAGE, command) ? USAGE[command] : undefined;
  return u === undefined ? "Run 'faultline --help' for the commands." : `Usage: ${u.usage}  Example: ${u.example}`;
};

/** What the positional arguments are called, for "missing FILE". */
const positionalOf = (cmd: CommandModule): string => {
  const m = /[<[]([a-z]+)(\.\.)?[>\]]/.exec(String(cmd.command ?? ''));
  return m === null ? 'argument' : m[1] === 'file' ? 'the scenario FILE' : m[2] ? `at least one ${m[1]!.replace(/s$/, '').toUpperCase()}` : m[1]!.toUpperCase();
};

const nameOf = (cmd: CommandModule): string => String(cmd.command ?? '').split(' ')[0]!;

/** A command's long flags, as its builder declares them (positionals aside). */
function flagsOf(cmd: CommandModule): string[] {
  const y = yargs([]);
  if (typeof cmd.builder === 'function') cmd.builder(y);
  const positionals = [...String(cmd.command ?? '').matchAll(/[<[]([a-z-]+)(?:\.\.)?[>\]]/g)].map((m) => m[1]);
  // getOptions is yargs' own (untyped in @types/yargs): the keys of every option declared so far.
  const declared = (y as unknown as { getOptions(): { key: Record<string, unknown> } }).getOptions().key;
  return Object.keys(declared).filter((k) => !positionals.includes(k));
}

/**
 * Flags that take a value only after `=`: written alone, the next argument is not theirs
 * (`sweep --check-determinism FILE` keeps FILE as the scenario).
 */
const OPTIONAL_VALUE_FLAGS = ['--check-determinism'];

export function normalizeArgv(argv: readonly string[]): string[] {
  return argv.map((a) => (OPTIONAL_VALUE_FLAGS.includes(a) ? `${a}=` : a));
}

/** yargs' message for a usage error, as one line that says what to do. */
export function explainUsage(message: string, argv: readonly string[], commands: readonly CommandModule[]): string {
  const names = commands.map(nameOf);
  const first = argv.find((a) => !a.startsWith('-'));
  const cmd = commands.find((c) => nameOf(c) === first);
  if (/^Not enough non-option arguments/.test(message) && cmd !== undefined) {
    return `${nameOf(cmd)}: missing ${positionalOf(cmd)}. ${usageOf(nameOf(cmd))}`;
  }
  const unknown = /^Unknown arguments?: (.+)$/.exec(message);
  if (unknown === null) return message;
  const reported = unknown[1]!.split(', ');
  // yargs reports `--fail-fst` also as `failFst`: keep the name as typed.
  const asTyped = reported.filter((n) => !reported.some((o) => o !== n && o.includes('-') && o.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()) === n));
  if (cmd === undefined) {
    const bad = first ?? asTyped[0]!;
    const hint = didYouMean(bad, names);
    return `unknown command '${bad}'${hint ? `; did you mean '${hint}'?` : ''} (commands: ${names.join(', ')})`;
  }
  const flags = flagsOf(cmd);
  const parts = asTyped.map((n) => {
    const typed = argv.find((a) => a === `--${n}` || a.startsWith(`--${n}=`) || a === `-${n}`);
    if (typed === undefined) return `${nameOf(cmd)}: unexpected argument '${n}'. ${usageOf(nameOf(cmd))}`;
    const dashes = typed.startsWith('--') ? '--' : '-';
    const hint = didYouMean(n, flags);
    const known = flags.filter((f) => f !== 'help' && f !== 'version').map((f) => `--${f}`);
    return `unknown flag ${dashes}${n} for faultline ${nameOf(cmd)}${hint ? `; did you mean --${hint}?` : ` (flags: ${known.join(', ')})`}`;
  });
  return parts.join('; ');
}
