import { stringify } from 'csv-stringify/sync';
import type { Report } from '../../domain/report';

/**
 * The report as CSV: a header of the column labels, then the rows (money in major units,
 * percents as numbers, empty for none). A report is at most a few hundred rows, so one string.
 */
export function reportCsv(report: Report): string {
  return stringify(
    report.rows.map((row) => report.columns.map((c) => row[c.key] ?? '')),
    { header: true, columns: report.columns.map((c) => c.label), bom: false },
  );
}

export const csvFileName = (report: Report) => `${report.report}-${report.from}-to-${report.to}.csv`;
