import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * uPlot (MIT, pinned in package.json), read from node_modules when a report is built and
 * inlined into the page, so the file stays self-contained: no script or style is fetched.
 */
export interface UplotAssets {
  js: string;
  css: string;
}

let cached: UplotAssets | undefined;

export function uplotAssets(): UplotAssets {
  if (cached === undefined) {
    const require = createRequire(import.meta.url);
    const read = (file: string) => readFileSync(require.resolve(`uplot/dist/${file}`), 'utf8');
    // Nothing in the bundle may end the <script> or <style> element it is inlined in.
    const js = read('uPlot.iife.min.js').replace(/<\/(script)/gi, '<\\/$1');
    const css = read('uPlot.min.css').replace(/<\/(style)/gi, '<\\/$1');
    cached = { js, css };
  }
  return cached;
}
