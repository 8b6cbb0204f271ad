import { roleAtLeast, type Role } from '../../domain/role';
import { forbidden } from '../http/problem';
import type { Actor } from './actor';

/**
 * Every permission in one place: the lowest role allowed to do each thing.
 * The README's role matrix is this table; keep them in step.
 */
export const policies = {
  'workspace.read': 'viewer',
  'workspace.update': 'admin',
  'team.read': 'viewer',
  'team.manage': 'admin',
  'apiKey.manage': 'admin',
  'audit.read': 'admin',
  'client.read': 'viewer',
  'client.write': 'member',
  'client.delete': 'manager',
  'client.purge': 'admin',
  /** Files of clients' personal data (CSV, XLSX, JSON, vCard) leave the app: not for viewers. */
  'client.export': 'member',
  'settings.manage': 'admin',
  'segment.write': 'member',
  'segment.manageShared': 'manager',
  'group.write': 'member',
  'document.write': 'member',
  /** Lists and downloads of confidential documents, and marking a document confidential. */
  'document.confidential': 'manager',
  'loyalty.adjust': 'manager',
  'usage.write': 'member',
  'alert.read': 'viewer',
  'alert.act': 'member',
  'alert.rules': 'manager',
  'outbox.read': 'admin',
  /** Health settings, overrides and a full recompute. */
  'health.manage': 'manager',
  /** Duplicate rules and a full duplicate scan. */
  'duplicate.manage': 'manager',
  /** Merging clients (the sources leave the lists) and undoing a merge. */
  'client.merge': 'manager',
} as const satisfies Record<string, Role>;

export type Action = keyof typeof policies;

export const can = (role: Role, action: Action): boolean => roleAtLeast(role, policies[action]);

/** Throws 403 unless the actor's role allows the action. */
export function authorize(actor: Actor, action: Action): void {
  if (!can(actor.role, action)) {
    throw forbidden(`Your role (${actor.role}) does not allow ${action}; it needs ${policies[action]} or higher.`);
  }
}
