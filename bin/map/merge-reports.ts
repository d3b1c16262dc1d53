import { mergeMaps } from '../../sim/sweep/map/merge.js';
import { emitMap, mapExitCode, type MapFormat } from '../commands/map.js';
import { fileIssue, InputError } from '../errors.js';
import type { ExitCode } from '../exit-codes.js';
import { mapFromJson } from './report-json.js';

/** Whether a report's text is a map's JSON report (kind: 'map'), for `merge` to choose. */
export function isMapReport(text: string): boolean {
  try {
    const j = JSON.parse(text) as { kind?: unknown } | null;
    return j !== null && typeof j === 'object' && j.kind === 'map';
  } catch {
    return false;
  }
}

/** `faultline merge` of map shards: the map the unsharded run gives, in any map format. */
export function mergeMapReports(files: readonly string[], texts: readonly string[], format: MapFormat | 'junit', out: string | undefined): ExitCode {
  const read = texts.map((t, i) => {
    let data: unknown;
    try {
      data = JSON.parse(t);
    } catch (e) {
      throw new InputError([fileIssue(files[i]!, `is not JSON: ${e instanceof Error ? e.message : String(e)}`)]);
    }
    return mapFromJson(data, files[i]!);
  });
  const merged = mergeMaps(read.map((r) => r.result));
  if (!merged.ok) throw new InputError([fileIssue(files[merged.index] ?? files[0]!, merged.message)]);
  emitMap(merged.result, read[0]!.file, format, out);
  return mapExitCode(merged.result);
}
