import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import type { ModelDefinition } from '../sim/models/registry.js';
import { modelModules } from '../sim/scenario/load.js';
import { asModelDefinition, type ModelLoadFailure } from '../sim/scenario/models.js';

/**
 * Loads the model modules a scenario names (`model: ./models/kv.ts`), relative to the scenario
 * file. Importing a module runs its code: only for scenarios you trust. `.js` and `.mjs` are
 * imported as they are; `.ts` (and `.mts`) are bundled on load with esbuild, their imports of
 * packages left to Node (`faultline` itself is this running copy), written once per content
 * hash to a cache directory and imported from there, with source maps on so a model's stack
 * names its own file and line. A module that cannot be used becomes a failure, which the
 * loader reports at the node's `model` field.
 */
export type LoadedModels = Map<string, ModelDefinition | ModelLoadFailure>;

const TS = new Set(['.ts', '.mts', '.cts']);
const JS = new Set(['.js', '.mjs', '.cjs']);
/** This copy of faultline's public API: what a model's `import ... from 'faultline'` gets. */
const FAULTLINE = fileURLToPath(new URL('../sim/index.js', import.meta.url));

export async function loadModelModules(text: string, file: string): Promise<LoadedModels> {
  const out: LoadedModels = new Map();
  for (const { model } of modelModules(text, file)) {
    const path = isAbsolute(model) ? model : resolve(dirname(file), model);
    out.set(model, await loadOne(model, path));
  }
  return out;
}

async function loadOne(model: string, path: string): Promise<ModelDefinition | ModelLoadFailure> {
  const fail = (why: string): ModelLoadFailure => ({ failed: `model module '${model}' (${path}) ${why}` });
  const ext = extname(path).toLowerCase();
  if (!TS.has(ext) && !JS.has(ext)) return fail('is not a .js, .mjs or .ts file');
  if (!existsSync(path)) return fail('does not exist');
  if (!statSync(path).isFile()) return fail('is not a file');
  let url: string;
  try {
    url = TS.has(ext) ? await transpiled(path) : pathToFileURL(path).href;
  } catch (e) {
    return fail(`does not compile: ${firstLine(e)}`);
  }
  let mod: { default?: unknown };
  try {
    mod = (await import(url)) as { default?: unknown };
  } catch (e) {
    return fail(`could not be imported: ${firstLine(e)}`);
  }
  if (!('default' in mod)) return fail('has no default export: expected `export default defineModel({ ... })`');
  const def = asModelDefinition(mod.default);
  return typeof def === 'string' ? fail(def) : def;
}

/** Bundles a TypeScript model to ESM in the cache (once per content) and returns the file's URL. */
async function transpiled(path: string): Promise<string> {
  const dir = join(tmpdir(), `faultline-models-${process.getuid?.() ?? 'user'}`);
  const r = await build({
    entryPoints: [path],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'inline',
    // Source paths in the map are relative to the bundle's directory, where it is imported from.
    outdir: dir,
    logLevel: 'silent',
    plugins: [packagesToNode],
  });
  const code = r.outputFiles[0]!.text;
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 20);
  const target = join(dir, `${hash}.mjs`);
  if (!existsSync(target)) {
    mkdirSync(dir, { recursive: true });
    const tmp = `${target}.${process.pid}.tmp`;
    writeFileSync(tmp, code);
    renameSync(tmp, target);
  }
  // Stack traces of the model's code then name its .ts file and line.
  process.setSourceMapsEnabled(true);
  return pathToFileURL(target).href;
}

/**
 * Packages stay Node's to load, by the absolute file the model's own directory resolves them to
 * (so the cached bundle imports the same zod the model would), and `faultline` is this copy.
 */
const packagesToNode: Plugin = {
  name: 'faultline-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === 'inner' || isAbsolute(args.path)) return undefined;
      if (args.path === 'faultline') return { path: pathToFileURL(FAULTLINE).href, external: true };
      if (args.path.startsWith('node:')) return { path: args.path, external: true };
      const found = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'inner' });
      if (found.errors.length > 0 || found.external || found.path === '') return { path: args.path, external: true };
      return { path: pathToFileURL(found.path).href, external: true };
    });
  },
};

function firstLine(e: unknown): string {
  const errors = (e as { errors?: { text: string; location?: { file: string; line: number; column: number } | null }[] }).errors;
  if (Array.isArray(errors) && errors.length > 0) {
    const x = errors[0]!;
    return x.location ? `${x.location.file}:${x.location.line}:${x.location.column}: ${x.text}` : x.text;
  }
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
}
