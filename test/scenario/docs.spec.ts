import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtInModels } from '../../sim/models/index.js';
import { faultSchema } from '../../sim/world/faults.js';

/** docs/scenario-format.md must name every built-in model and fault kind, so it cannot fall behind silently. */
describe('docs/scenario-format.md', () => {
  const doc = readFileSync('docs/scenario-format.md', 'utf8');

  it.each(builtInModels().map((m) => m.name))('documents the model %s', (name) => {
    expect(doc).toContain(`### \`${name}\``);
  });

  it.each(faultSchema.options.map((o) => o.shape.kind.value))('documents the fault kind %s', (kind) => {
    expect(doc).toContain(`| \`${kind}\` |`);
  });
});
