/**
 * Orders strings by UTF-16 code units, the same on every machine. `localeCompare` depends on
 * the machine's locale and ICU data, which would let two machines order a report differently.
 */
export const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
