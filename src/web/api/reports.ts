import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Report, ReportInterval, ReportKind } from '../../domain/report';
import { api } from './api';

export type { Report, ReportKind, ReportInterval } from '../../domain/report';
export type ReportPeriod = { from: string; to: string; interval: ReportInterval };

const query = (p: ReportPeriod) => `from=${p.from}&to=${p.to}&interval=${p.interval}`;

export function useReport(kind: ReportKind, period: ReportPeriod) {
  return useQuery({
    queryKey: ['reports', kind, period],
    queryFn: ({ signal }) => api.get<Report>(`/reports/${kind}?${query(period)}`, signal),
    placeholderData: keepPreviousData,
  });
}

/** The CSV download (same session cookie; the server names the file). */
export const reportCsvUrl = (kind: ReportKind, period: ReportPeriod) => `/api/v1/reports/${kind}?${query(period)}&format=csv`;
