// The client shapes the web app uses: the domain's own types, re-exported in one place.
import type { Client as DomainClient } from '../../domain/client';

export { clientStatuses, lifecycleStages, clientTypes, emailLabels, phoneLabels, addressKinds, statusesNeedingReason } from '../../domain/client';
export type { ClientStatus, ClientType, Address, ClientWarning, CreatedClient } from '../../domain/client';
export type { ClientSettings } from '../../domain/clientSettings';
export type { Job } from '../../domain/job';
export type { Filter, FilterLeaf, FilterOp } from '../../domain/filter';

export type LifecycleStage = NonNullable<DomainClient['lifecycleStage']>;
/** Orders arrive in a later issue; their totals show once the API sends them. */
export type Client = DomainClient & { totalValue?: { amount: number; currency: string } | null };

export { contactRoles, engagementLevels, channels } from '../../domain/contact';
export type { Contact, CreateContactBody, UpdateContactBody } from '../../domain/contact';
export type { Tag, TagCategory } from '../../domain/tag';
export { customFieldTypes } from '../../domain/customField';
export type { CustomField, CustomFieldType } from '../../domain/customField';

export type { Segment, Group, CreateSegmentBody, CreateGroupBody } from '../../domain/segment';
export type { BulkAction, BulkCounts as BulkResult } from '../../domain/bulk';
