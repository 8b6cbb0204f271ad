/**
 * Spreadsheet formula injection: Excel, LibreOffice and Google Sheets run a cell that starts
 * with `=`, `+`, `-` or `@` as a formula (and tab or carriage return can smuggle one past a
 * naive check), so a client named `=HYPERLINK(...)` would become a live link in whoever opens
 * the export. Text cells that start so get a leading apostrophe, which the spreadsheet shows
 * as plain text. Exports apply it to every text cell; imports use `isFormulaLike` to spot and
 * strip it on the way back in.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Whether a text cell would be read as a formula by a spreadsheet. */
export const isFormulaLike = (value: string): boolean => FORMULA_START.test(value);

// = + - @ tab CR by character code: exports call csvSafe for every text cell of a million rows.
const formulaCodes = new Set([0x3d, 0x2b, 0x2d, 0x40, 0x09, 0x0d]);

/** The text made safe for a CSV or XLSX cell: a leading `'` when it could start a formula. */
export const csvSafe = (value: string): string => (value.length > 0 && formulaCodes.has(value.charCodeAt(0)) ? `'${value}` : value);

/** Undoes csvSafe on a cell read back from a file this app exported. */
export const csvUnsafe = (value: string): string => (value.length > 1 && value[0] === "'" && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value);
