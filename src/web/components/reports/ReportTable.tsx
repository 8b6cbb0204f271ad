import { Table } from '@mantine/core';
import type { Report } from '../../api/reports';

const cell = (value: string | number | null | undefined, type: string) => {
  if (value === null || value === undefined || value === '') return '—';
  if (type === 'percent') return `${Number(value).toLocaleString(undefined, { maximumFractionDigits: 1 })} %`;
  if (type === 'number') return Number(value).toLocaleString();
  return String(value);
};

/** The report's figures, exactly as the CSV has them. */
export function ReportTable({ report, title }: { report: Report; title: string }) {
  return (
    <Table.ScrollContainer minWidth={report.columns.length * 90} mah={300}>
      <Table striped stickyHeader verticalSpacing={4} fz="sm" aria-label={`Table: ${title}`}>
        <Table.Thead>
          <Table.Tr>
            {report.columns.map((c) => (
              <Table.Th key={c.key} ta={c.type === 'text' ? 'left' : 'right'} style={{ whiteSpace: 'nowrap' }}>
                {c.label}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {report.rows.map((row, i) => (
            <Table.Tr key={i}>
              {report.columns.map((c) => (
                <Table.Td key={c.key} ta={c.type === 'text' ? 'left' : 'right'} style={{ whiteSpace: 'nowrap' }}>
                  {cell(row[c.key], c.type)}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
