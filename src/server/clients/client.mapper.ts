import type { Address, Client, ClientEmail, ClientPhone, ClientStatus, ClientType } from '../../domain/client';
import { fromJson } from '../db/dialect';
import type { ClientRow } from './client.repository';

const DAY = 86_400_000;

/** Maps a stored row to the API's client. `newClientDays` decides isNew. */
export function clientRowToClient(row: ClientRow, newClientDays: number, now = Date.now(), currency = 'USD'): Client {
  // The figure columns are in the currency they were computed in; `currency` (the workspace's) before any.
  const figuresCurrency = row.figures ? (fromJson<{ currency?: string }>(row.figures)?.currency ?? currency) : currency;
  return {
    id: row.id,
    type: row.type as ClientType,
    firstName: row.first_name,
    lastName: row.last_name,
    companyName: row.company_name,
    displayName: row.display_name,
    email: row.email,
    phone: row.phone,
    emails: fromJson<ClientEmail[]>(row.emails) ?? [],
    phones: fromJson<ClientPhone[]>(row.phones) ?? [],
    dateOfBirth: row.date_of_birth,
    addresses: fromJson<Address[]>(row.addresses) ?? [],
    occupation: row.occupation,
    industry: row.industry,
    companySize: row.company_size,
    referralSource: row.referral_source,
    preferredLanguage: row.preferred_language,
    specialRequirements: row.special_requirements,
    photoUrl: row.photo_id ? `/api/v1/clients/${row.id}/photo?v=${row.photo_id}` : null,
    ownerId: row.owner_id,
    lifecycleStage: row.lifecycle_stage as Client['lifecycleStage'],
    status: row.status as ClientStatus,
    statusReason: row.status_reason,
    statusChangedAt: row.status_changed_at,
    tags: fromJson<string[]>(row.tags) ?? [],
    customFields: fromJson<Record<string, unknown>>(row.custom_fields) ?? {},
    directoryCompanyId: row.directory_company_id,
    externalId: row.external_id ?? null,
    healthScore: row.health_score,
    healthBand: row.health_band,
    isGuest: Number(row.is_guest) === 1,
    isNew: Date.parse(row.created_at) >= now - newClientDays * DAY,
    lastActivityAt: row.last_activity_at,
    lastOrderAt: row.last_order_at,
    ordersCount: Number(row.orders_count ?? 0),
    totalValue: { amount: Number(row.total_value ?? 0), currency: figuresCurrency },
    outstandingBalance: { amount: Number(row.outstanding_balance ?? 0), currency: figuresCurrency },
    nextRenewalAt: row.next_renewal_at ?? null,
    notes: row.notes,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
    version: row.version,
  };
}
