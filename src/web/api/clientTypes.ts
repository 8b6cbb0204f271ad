// The client shapes the web app uses: the domain's own types, re-exported, plus the few
// records whose domain files have not landed yet (segments, groups, bulk: provisional, from
// docs/dev/clients-plan.md).
import type { Client as DomainClient } from '../../domain/client';

export { clientStatuses, lifecycleStages, clientTypes, emailLabels, phoneLabels, addressKinds, statusesNeedingReason } from '../../domain/client';
export type { ClientStatus, ClientType, Address, ClientWarning, CreatedClient } from '../../domain/client';
export type { ClientSettings } from '../../domain/clientSettings';
export type { Job } from '../../domain/job';
export type { Filter, FilterLeaf, FilterOp } from '../../domain/filter';
import type { Filter } from '../../domain/filter';

export type LifecycleStage = NonNullable<DomainClient['lifecycleStage']>;
/** Orders arrive in a later issue; their totals show once the API sends them. */
export type Client = DomainClient & { totalValue?: { amount: number; currency: string } | null };

export { contactRoles, engagementLevels, channels } from '../../domain/contact';
export type { Contact, CreateContactBody, UpdateContactBody } from '../../domain/contact';
export type { Tag, TagCategory } from '../../domain/tag';
export { customFieldTypes } from '../../domain/customField';
export type { CustomField, CustomFieldType } from '../../domain/customField';

export type Segment = { id: string; name: string; filter: Filter; shared: boolean; ownerUserId: string | null; count?: number; memberCount?: number; version: number };
export type Group = { id: string; name: string; memberCount?: number; count?: number; version: number };

export type BulkAction = 'setStatus' | 'addTags' | 'removeTags' | 'assignOwner' | 'delete' | 'restore';
export type BulkResult = { matched: number; changed: number; skipped: number };
