import type { Kysely } from 'kysely';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { actorForAudit, recordAudit } from '../audit/audit.service';
import type { Database } from '../db/schema';
import { enqueueCustomFieldIndexSync } from '../custom-fields/custom-field.index';
import { conflict } from '../http/problem';
import { generateSampleClients } from './sample.generator';
import { insertSampleClients, prepareSampleVocabulary } from './sample.writer';

type Db = Kysely<Database>;

/** Team members of the workspace, to assign as owners of sample clients. */
export async function workspaceMemberIds(db: Db, workspaceId: string): Promise<string[]> {
  const rows = await db.selectFrom('memberships').select('user_id').where('workspace_id', '=', workspaceId).orderBy('user_id').execute();
  return rows.map((r) => r.user_id);
}

/** Number of client rows of a workspace, Trash included. */
export async function countAllClients(db: Db, workspaceId: string): Promise<number> {
  const row = await db.selectFrom('clients').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', workspaceId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Loads realistic sample clients (with tags and the sample custom fields) into an empty
 * workspace so a newcomer can explore. Admins only; 409 once the workspace has clients.
 */
export async function loadSampleData(db: Db, actor: Actor, count: number, seed = Date.now() % 100000): Promise<{ created: number }> {
  authorize(actor, 'settings.manage');
  return db.transaction().execute(async (trx) => {
    if ((await countAllClients(trx, actor.workspaceId)) > 0) {
      throw conflict('Sample data can only be loaded into a workspace without clients.', [{ path: 'clients', message: 'the workspace already has clients' }]);
    }
    const tagIds = await prepareSampleVocabulary(trx, actor.workspaceId);
    await enqueueCustomFieldIndexSync(trx, actor.workspaceId, actor.userId);
    const owners = await workspaceMemberIds(trx, actor.workspaceId);
    const clients = [...generateSampleClients(count, { seed, ownerIds: owners })];
    await insertSampleClients(trx, actor.workspaceId, clients, tagIds, actor.userId);
    await recordAudit(trx, actorForAudit(actor), {
      workspaceId: actor.workspaceId,
      action: 'clients.sample_loaded',
      entityType: 'workspace',
      entityId: actor.workspaceId,
      changes: { clients: { before: 0, after: count } },
    });
    return { created: count };
  });
}
