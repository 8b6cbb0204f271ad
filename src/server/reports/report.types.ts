import type { Report, ReportChart, ReportColumn } from '../../domain/report';
import { minorDigits } from '../../domain/money';
import type { Db } from '../db/database';
import type { Period } from './report.period';

export type ReportBody = { columns: ReportColumn[]; rows: Report['rows']; chart?: ReportChart; note?: string };
export type ReportBuilder = (db: Db, workspaceId: string, period: Period) => Promise<ReportBody>;

export const col = (key: string, label: string, type: ReportColumn['type'] = 'number'): ReportColumn => ({ key, label, type });

/** Minor units → the major-unit text of the currency (exact: no floating point). */
export function major(amount: number, currency: string): string {
  const digits = minorDigits(currency);
  const sign = amount < 0 ? '-' : '';
  const text = String(Math.abs(Math.trunc(amount))).padStart(digits + 1, '0');
  return digits ? `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}` : `${sign}${text}`;
}

export const num = (v: unknown): number => Number(v ?? 0);
