import { Stack } from '@mantine/core';
import { useState } from 'react';
import type { ReportPeriod } from '../../api/reports';
import { PageHeader } from '../../components/PageHeader';
import { PeriodPicker, presetPeriod } from '../../components/reports/PeriodPicker';
import { ReportSection, type ReportInfo } from '../../components/reports/ReportSection';

const reports: ReportInfo[] = [
  { kind: 'new-clients', title: 'New clients', empty: 'No clients were added in this period. Add clients or import a list to see growth here.' },
  { kind: 'client-status', title: 'Clients by status', empty: 'No clients yet. Add clients and set their status (active, inactive, churned) to follow it over time.' },
  { kind: 'retention', title: 'Retention and churn', empty: 'Nothing to measure yet: mark clients Active, and Churned when they leave, to see retention.' },
  { kind: 'cohorts', title: 'Cohorts', empty: 'No clients were added in this period, so there are no cohorts to follow. Pick a longer period.' },
  { kind: 'health-movement', title: 'Health bands over time', empty: 'No health scores yet. Scores appear as you record interactions, orders, payments and feedback.' },
  { kind: 'revenue', title: 'Revenue', empty: 'No payments were received in this period. Record payments on a client’s Billing tab.' },
  { kind: 'lifetime-value', title: 'Lifetime value', empty: 'No client has been billed or paid anything yet. Record invoices and payments to see lifetime value.' },
  { kind: 'acquisition', title: 'Acquisition source', empty: 'No clients were added in this period. Fill in “Referral source” on new clients to see where they come from.' },
  { kind: 'satisfaction', title: 'Satisfaction (NPS and CSAT)', empty: 'No NPS or CSAT scores in this period. Record feedback on a client’s page to track satisfaction.' },
  { kind: 'response-times', title: 'Response-time compliance', empty: 'No responses were due in this period. Log inbound e-mails and calls to track response times.' },
  { kind: 'referrals', title: 'Referrals', empty: 'No referrals in this period. Record who referred whom on a client’s page.' },
];

/** Every report for one period: a chart beside its table and a CSV download each. */
export function ReportsPage() {
  const [period, setPeriod] = useState<ReportPeriod>(() => presetPeriod('12m'));
  return (
    <>
      <PageHeader title="Reports" description="Growth, retention, revenue and service for the period you pick. Every figure is exact; download any report as CSV." />
      <Stack gap="md">
        <PeriodPicker value={period} onChange={setPeriod} />
        {reports.map((info) => (
          <ReportSection key={info.kind} info={info} period={period} />
        ))}
      </Stack>
    </>
  );
}
