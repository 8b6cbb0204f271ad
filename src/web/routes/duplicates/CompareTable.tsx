import { Anchor, Badge, Checkbox, Radio, Stack, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconInfoCircle } from '@tabler/icons-react';
import type { CSSProperties } from 'react';
import { Link } from 'react-router';
import type { MergeField } from '../../../domain/merge';
import type { Client } from '../../api/clientTypes';
import { formatRelative } from '../../components/format';
import type { CompareRow, RowContext } from './compareRows';
import classes from './CompareTable.module.css';

type Props = {
  clients: Client[];
  rows: CompareRow[];
  ctx: RowContext;
  survivorId: string;
  included: Set<string>;
  choice: (field: MergeField) => string;
  /** What the survivor will hold after the merge, per row key. */
  result: Record<string, string>;
  editable: boolean;
  onSurvivor: (id: string) => void;
  onInclude: (id: string, include: boolean) => void;
  onChoose: (field: MergeField, clientId: string) => void;
};

const sticky: CSSProperties = { position: 'sticky', left: 0, zIndex: 1, background: 'var(--mantine-color-body)' };

const valueLines = (text: string) =>
  text ? (
    text.split('\n').map((line, i) => (
      <Text key={i} size="sm" style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
        {line}
      </Text>
    ))
  ) : (
    <Text size="sm" c="dimmed" aria-label="empty">
      —
    </Text>
  );

/**
 * Columns are the clients, rows their fields. Per row a radio group picks whose value the
 * survivor keeps (arrow keys move within a row, Tab to the next); the last column shows the
 * record as it will be after the merge. Scrolls sideways when the clients do not fit.
 */
export function CompareTable({ clients, rows, ctx, survivorId, included, choice, result, editable, onSurvivor, onInclude, onChoose }: Props) {
  // On a phone the labels narrow so that more of the first client shows beside them.
  const phone = useMediaQuery('(max-width: 36em)', false, { getInitialValueInEffect: false });
  const labelWidth = phone ? 118 : 170;
  // Three clients and the result column fit beside the navigation at 1280 px.
  const columnWidth = phone ? 190 : clients.length > 2 ? 200 : 230;
  return (
    <Table.ScrollContainer minWidth={labelWidth + columnWidth * (clients.length + 1)} type="native">
      <Table withColumnBorders withTableBorder verticalSpacing="xs" aria-label="Clients side by side" className={classes.table}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col" style={{ ...sticky, width: labelWidth, minWidth: labelWidth }}>
              <VisuallyHidden>Field</VisuallyHidden>
            </Table.Th>
            {clients.map((c) => {
              const isSurvivor = c.id === survivorId;
              const inMerge = included.has(c.id);
              return (
                <Table.Th key={c.id} scope="col" className={isSurvivor ? classes.survivorHead : inMerge ? undefined : classes.left} style={{ minWidth: columnWidth }}>
                  <Stack gap={6}>
                    <Anchor component={Link} to={`/clients/${c.id}`} target="_blank" fw={700} size="sm" style={{ overflowWrap: 'anywhere' }} aria-label={`${c.displayName} (opens in a new tab)`}>
                      {c.displayName}
                    </Anchor>
                    <Text size="xs" c="dimmed" fw={400}>
                      Added {formatRelative(c.createdAt).toLowerCase()} · {c.ordersCount} orders
                    </Text>
                    {editable ? (
                      <>
                        <Radio
                          name="survivor"
                          value={c.id}
                          checked={isSurvivor}
                          onChange={() => onSurvivor(c.id)}
                          label={isSurvivor ? 'Kept (survivor)' : 'Keep this record'}
                          aria-label={`Keep ${c.displayName} as the surviving record`}
                        />
                        {clients.length > 2 && (
                          <Checkbox
                            size="xs"
                            checked={inMerge}
                            disabled={isSurvivor}
                            onChange={(e) => onInclude(c.id, e.currentTarget.checked)}
                            label="Include in this merge"
                            aria-label={`Include ${c.displayName} in this merge`}
                          />
                        )}
                      </>
                    ) : (
                      isSurvivor && (
                        <Badge size="sm" variant="light">
                          Suggested survivor
                        </Badge>
                      )
                    )}
                  </Stack>
                </Table.Th>
              );
            })}
            <Table.Th scope="col" className={classes.resultHead} style={{ minWidth: columnWidth }}>
              <Text fw={700} size="sm">
                After the merge
              </Text>
              <Text size="xs" c="dimmed" fw={400}>
                What the surviving record will hold
              </Text>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => {
            const texts = clients.map((c) => row.text(c, ctx));
            const differ = new Set(texts.filter((t, i) => included.has(clients[i]!.id)).map((t) => t)).size > 1;
            const choosable = editable && !!row.field && differ;
            const chosen = row.field ? choice(row.field) : null;
            return (
              <Table.Tr key={row.key} className={differ ? undefined : classes.same}>
                <Table.Th scope="row" style={{ ...sticky, width: labelWidth, minWidth: labelWidth }} className={classes.label}>
                  <Text size={phone ? 'xs' : 'sm'} fw={600} component="span">
                    {row.label}
                  </Text>
                  {row.hint && (
                    <Tooltip label={row.hint} multiline w={240} events={{ hover: true, focus: true, touch: true }}>
                      <IconInfoCircle size={14} tabIndex={0} aria-label={row.hint} style={{ marginLeft: 4, verticalAlign: 'middle', color: 'var(--mantine-color-dimmed)' }} />
                    </Tooltip>
                  )}
                </Table.Th>
                {clients.map((c, i) => {
                  const inMerge = included.has(c.id);
                  const picked = chosen === c.id && differ && inMerge;
                  const cellClass = !inMerge ? classes.left : picked ? classes.picked : undefined;
                  if (!choosable || !inMerge) {
                    return (
                      <Table.Td key={c.id} className={cellClass}>
                        {valueLines(texts[i]!)}
                      </Table.Td>
                    );
                  }
                  return (
                    <Table.Td key={c.id} className={cellClass} onClick={() => onChoose(row.field!, c.id)} style={{ cursor: 'pointer' }}>
                      <Radio
                        name={`field-${row.key}`}
                        value={c.id}
                        checked={picked}
                        onChange={() => onChoose(row.field!, c.id)}
                        aria-label={`${row.label}: ${texts[i] || 'empty'} — from ${c.displayName}`}
                        label={<Stack gap={0}>{valueLines(texts[i]!)}</Stack>}
                        styles={{ body: { alignItems: 'flex-start' } }}
                      />
                    </Table.Td>
                  );
                })}
                <Table.Td className={classes.result}>{valueLines(result[row.key] ?? '')}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
