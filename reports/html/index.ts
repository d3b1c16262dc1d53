/** The HTML report: collect the trace while the run happens, then render one self-contained page. */
export { DiagramCollector } from './collect.js';
export { runView } from './view.js';
export { renderRunHtml } from './run.js';
export type { RunHtmlInput } from './run.js';
export { renderCompareHtml } from './compare.js';
export type { CompareHtmlInput } from './compare.js';
