import { Anchor, Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Client, CustomField, Tag } from '../../api/clientTypes';
import { formatRelative } from '../format';
import { ClientAvatar, formatMoney, lifecycleLabels, showPhone, StatusBadge, TagBadges } from './ClientBits';

/** What a cell needs besides the client: names of owners and colours of tags. */
export type CellContext = { ownerName: (id: string | null) => string; tagIndex: Map<string, Tag> };

/** One column the list can show; `sort` is the server's sort key when the column sorts. */
export type ClientColumn = {
  id: string;
  header: string;
  size: number;
  sort?: string;
  /** Dates and scores read best newest/highest first on the first click. */
  descFirst?: boolean;
  cell: (client: Client, ctx: CellContext) => ReactNode;
};

const text = (v: string | null | undefined) => (
  <Text size="sm" truncate="end">
    {v || '—'}
  </Text>
);
const when = (v: string | null | undefined) => (
  <Text size="sm" c="dimmed" truncate="end">
    {formatRelative(v, '—')}
  </Text>
);

export const builtInColumns: ClientColumn[] = [
  {
    id: 'name',
    header: 'Name',
    size: 260,
    sort: 'name',
    cell: (c) => (
      <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
        <ClientAvatar client={c} size={28} />
        <Anchor component={Link} to={`/clients/${c.id}`} size="sm" fw={500} truncate="end" tabIndex={-1} onClick={(e) => e.stopPropagation()}>
          {c.displayName}
        </Anchor>
      </Group>
    ),
  },
  { id: 'status', header: 'Status', size: 150, cell: (c) => <StatusBadge status={c.status} reason={c.statusReason} /> },
  { id: 'email', header: 'Email', size: 220, cell: (c) => text(c.email) },
  { id: 'phone', header: 'Phone', size: 160, cell: (c) => text(showPhone(c.phone)) },
  { id: 'tags', header: 'Tags', size: 200, cell: (c, ctx) => <TagBadges names={c.tags} tagIndex={ctx.tagIndex} max={3} nowrap /> },
  { id: 'owner', header: 'Owner', size: 150, cell: (c, ctx) => text(ctx.ownerName(c.ownerId)) },
  { id: 'type', header: 'Type', size: 110, cell: (c) => text(c.type === 'business' ? 'Business' : 'Individual') },
  { id: 'companyName', header: 'Company', size: 180, cell: (c) => text(c.companyName) },
  { id: 'lifecycleStage', header: 'Lifecycle stage', size: 140, cell: (c) => text(c.lifecycleStage ? lifecycleLabels[c.lifecycleStage] : null) },
  { id: 'city', header: 'City', size: 140, cell: (c) => text(c.addresses?.find((a) => a.kind === 'primary')?.city ?? c.addresses?.[0]?.city) },
  { id: 'country', header: 'Country', size: 100, cell: (c) => text(c.addresses?.find((a) => a.kind === 'primary')?.country ?? c.addresses?.[0]?.country) },
  { id: 'industry', header: 'Industry', size: 150, cell: (c) => text(c.industry) },
  { id: 'occupation', header: 'Occupation', size: 150, cell: (c) => text(c.occupation) },
  { id: 'companySize', header: 'Company size', size: 130, cell: (c) => text(c.companySize) },
  { id: 'referralSource', header: 'Referral source', size: 150, cell: (c) => text(c.referralSource) },
  { id: 'preferredLanguage', header: 'Language', size: 120, cell: (c) => text(c.preferredLanguage) },
  { id: 'healthScore', header: 'Health', size: 100, sort: 'healthScore', descFirst: true, cell: (c) => text(c.healthScore === null ? null : String(c.healthScore)) },
  { id: 'ordersCount', header: 'Orders', size: 90, cell: (c) => text(c.ordersCount ? String(c.ordersCount) : null) },
  { id: 'totalValue', header: 'Total value', size: 120, cell: (c) => text(c.totalValue ? formatMoney(c.totalValue) : null) },
  { id: 'lastActivityAt', header: 'Last activity', size: 140, sort: 'lastActivityAt', descFirst: true, cell: (c) => when(c.lastActivityAt) },
  { id: 'lastOrderAt', header: 'Last order', size: 140, sort: 'lastOrderAt', descFirst: true, cell: (c) => when(c.lastOrderAt) },
  { id: 'createdAt', header: 'Added', size: 140, sort: 'createdAt', descFirst: true, cell: (c) => when(c.createdAt) },
  { id: 'updatedAt', header: 'Updated', size: 140, sort: 'updatedAt', descFirst: true, cell: (c) => when(c.updatedAt) },
];

export const defaultColumnIds = ['name', 'status', 'email', 'phone', 'tags', 'owner', 'lastActivityAt', 'createdAt'];

function customValue(v: unknown): string | null {
  if (v === null || v === undefined || v === '') return null;
  if (Array.isArray(v)) return v.join(', ');
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  return String(v);
}

export function allColumns(custom: CustomField[] | undefined): ClientColumn[] {
  return [
    ...builtInColumns,
    ...(custom ?? []).map(
      (f): ClientColumn => ({
        id: `custom.${f.key}`,
        header: f.label,
        size: 150,
        sort: `custom.${f.key}`,
        descFirst: f.type === 'number' || f.type === 'date',
        cell: (c) => text(customValue(c.customFields?.[f.key])),
      }),
    ),
  ];
}
