import { roleLabels, roles, type Role } from '../../domain/role';
import { formatDateTime } from './format';

const actions: Record<string, string> = {
  'auth.setup': 'set up Rapport',
  'auth.login': 'signed in',
  'auth.login_failed': 'had a failed sign-in',
  'auth.logout': 'signed out',
  'auth.password_changed': 'changed their password',
  'auth.invitation_accepted': 'accepted an invitation',
  'user.profile_updated': 'updated their profile',
  'member.added': 'added a team member',
  'member.role_changed': 'changed a member’s role',
  'member.removed': 'removed a team member',
  'member.left': 'left the workspace',
  'api_key.created': 'created an API key',
  'api_key.revoked': 'revoked an API key',
  'workspace.created': 'created the workspace',
  'client.created': 'added the client',
  'client.updated': 'changed the client',
  'client.deleted': 'moved the client to Trash',
  'client.restored': 'restored the client from Trash',
  'client.purged': 'deleted the client for good',
  'client.photo_updated': 'changed the photo',
  'client.photo_removed': 'removed the photo',
  'contact.created': 'added a contact',
  'contact.updated': 'changed a contact',
  'contact.deleted': 'removed a contact',
  'settings.clients_updated': 'changed the client settings',
};

const entities: Record<string, string> = { user: 'Person', api_key: 'API key', workspace: 'Workspace', client: 'Client', contact: 'Contact' };

/** "member.role_changed" → "changed a member’s role"; unknown actions still read sensibly. */
export const actionInWords = (action: string) => actions[action] ?? action.replace(/[._]/g, ' ');

export const entityInWords = (entityType: string) => entities[entityType] ?? entityType.replace(/_/g, ' ');

const isoTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

export function valueInWords(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string') {
    if ((roles as readonly string[]).includes(value)) return roleLabels[value as Role];
    return isoTime.test(value) ? formatDateTime(value) : value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
