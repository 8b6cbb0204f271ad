import type { Kysely } from 'kysely';
import type { ClientEmail, ClientPhone } from '../../domain/client';
import { normalizeEmail } from '../../domain/email';
import { isUniqueViolation } from '../db/dialect';
import type { Database } from '../db/schema';
import { AppError, conflict } from '../http/problem';
import { clientRepository } from './client.repository';

/**
 * The e-mail and phone lookup tables of live clients (client_emails, client_phones): the
 * unique index behind 409 + existingClientId, and the duplicate warning's phone index.
 */

type Db = Kysely<Database>;

/** 409 with existingClientId when another live client holds one of these e-mails. */
export async function assertEmailsFree(trx: Db, workspaceId: string, emails: ClientEmail[], clientId: string): Promise<void> {
  const owners = await clientRepository.findEmailOwners(trx, workspaceId, emails.map((e) => normalizeEmail(e.value)));
  const taken = owners.find((o) => o.client_id !== clientId);
  if (taken) throw emailTaken(taken.client_id, emails.findIndex((e) => normalizeEmail(e.value) === taken.email_normalized), emails.length);
}

function emailTaken(existingClientId: string | null, index: number, count: number): AppError {
  const path = index <= 0 && count <= 1 ? 'email' : `emails[${Math.max(index, 0)}].value`;
  return conflict('Another client already has this e-mail address.', [{ path, message: 'belongs to another client' }], { existingClientId });
}

/**
 * A unique violation on client_emails means someone took the address between our check and
 * our insert; the transaction has rolled back, so look the owner up afresh.
 */
export async function rethrowEmailRace(db: Db, workspaceId: string, emails: ClientEmail[], error: unknown): Promise<never> {
  if (!isUniqueViolation(error)) throw error;
  const owners = await clientRepository.findEmailOwners(db, workspaceId, emails.map((e) => normalizeEmail(e.value)));
  const owner = owners[0];
  throw emailTaken(owner?.client_id ?? null, owner ? emails.findIndex((e) => normalizeEmail(e.value) === owner.email_normalized) : 0, emails.length);
}

/** 409 with existingClientId when another client of the workspace (live or in Trash) has this external id. */
export async function assertExternalIdFree(trx: Db, workspaceId: string, externalId: string | null, clientId: string): Promise<void> {
  if (externalId === null) return;
  const holder = await trx.selectFrom('clients').select('id').where('workspace_id', '=', workspaceId).where('external_id', '=', externalId).executeTakeFirst();
  if (holder && holder.id !== clientId) throw externalIdTaken(holder.id);
}

const externalIdTaken = (existingClientId: string | null) =>
  conflict('Another client already has this external id.', [{ path: 'externalId', message: 'belongs to another client' }], { existingClientId });

/** A unique violation after our check: if the external id is now taken, say so (else let the e-mail check speak). */
export async function rethrowExternalIdRace(db: Db, workspaceId: string, externalId: string | null, clientId: string | null, error: unknown): Promise<void> {
  if (externalId === null || !isUniqueViolation(error)) return;
  const holder = await db.selectFrom('clients').select('id').where('workspace_id', '=', workspaceId).where('external_id', '=', externalId).executeTakeFirst();
  if (holder && holder.id !== clientId) throw externalIdTaken(holder.id);
}

export async function writeLookups(trx: Db, workspaceId: string, clientId: string, c: { emails: ClientEmail[]; phones: ClientPhone[] }) {
  await clientRepository.insertEmails(trx, c.emails.map((e) => ({ workspace_id: workspaceId, client_id: clientId, email_normalized: normalizeEmail(e.value) })));
  await clientRepository.insertPhones(trx, [...new Set(c.phones.map((p) => p.value))].map((e164) => ({ workspace_id: workspaceId, client_id: clientId, e164 })));
}

export const inTrash = () => new AppError(409, 'in_trash', 'This client is in Trash. Restore it first.');
