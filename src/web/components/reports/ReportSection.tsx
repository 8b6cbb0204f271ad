import { Alert, Button, Card, Group, Loader, SimpleGrid, Text, Title } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { reportCsvUrl, useReport, type Report, type ReportKind, type ReportPeriod } from '../../api/reports';
import { ReportChart } from './ReportChart';
import { ReportTable } from './ReportTable';

export type ReportInfo = { kind: ReportKind; title: string; empty: string };

/** True when the report has no figure worth drawing: no rows, or every number zero or none. */
export function isEmptyReport(report: Report): boolean {
  const numeric = report.columns.filter((c) => c.type !== 'text' || c.key === 'amount');
  return !report.rows.length || report.rows.every((r) => numeric.every((c) => r[c.key] === null || Number(r[c.key]) === 0));
}

/** One report: its chart beside its table, how it is counted, and the CSV download. */
export function ReportSection({ info, period }: { info: ReportInfo; period: ReportPeriod }) {
  const { data, isPending, error } = useReport(info.kind, period);
  const headingId = `report-${info.kind}`;
  return (
    <Card withBorder padding="md" component="section" aria-labelledby={headingId}>
      <Group justify="space-between" mb={4} wrap="wrap" gap="xs">
        <Title id={headingId} order={2} size="h4">
          {info.title}
        </Title>
        <Button component="a" href={reportCsvUrl(info.kind, period)} download variant="default" size="xs" leftSection={<IconDownload size={14} />} aria-label={`Download CSV: ${info.title}`}>
          Download CSV
        </Button>
      </Group>
      {data?.note && (
        <Text size="xs" c="dimmed" mb="sm">
          {data.note}
        </Text>
      )}
      {isPending ? (
        <Group justify="center" py="lg" role="status" aria-label={`Loading ${info.title}`}>
          <Loader size="sm" />
        </Group>
      ) : error ? (
        <Alert color="red">{error.message}</Alert>
      ) : isEmptyReport(data) ? (
        <Text size="sm" c="dimmed" py="md">
          {info.empty}
        </Text>
      ) : (
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
          <ReportChart report={data} title={info.title} />
          <ReportTable report={data} title={info.title} />
        </SimpleGrid>
      )}
    </Card>
  );
}
