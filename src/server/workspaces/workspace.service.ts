import type { Kysely } from 'kysely';
import type { WorkspaceWithRole } from '../../domain/account';
import type { List } from '../../domain/list';
import type { Role } from '../../domain/role';
import { actorForAudit, recordAudit, type AuditActor } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { newId, nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { workspaceRepository } from './workspace.repository';

type Db = Kysely<Database>;

export type Membership = { workspaceId: string; workspaceName: string; role: Role; version: number; joinedAt: string };

/** The user's membership of a workspace, or undefined: callers turn that into 403 or 404. */
export async function membershipOf(db: Db, userId: string, workspaceId: string): Promise<Membership | undefined> {
  const row = await workspaceRepository.findMembership(db, userId, workspaceId);
  return row && {
    workspaceId: row.workspace_id,
    workspaceName: row.workspace_name,
    role: row.role as Role,
    version: row.version,
    joinedAt: row.created_at,
  };
}

export async function listUserWorkspaces(db: Db, userId: string): Promise<List<WorkspaceWithRole>> {
  const rows = await workspaceRepository.selectUserWorkspaces(db, userId);
  const data = rows.map((r) => ({ id: r.id, name: r.name, role: r.role as Role, createdAt: r.created_at }));
  return { data, nextCursor: null, total: data.length };
}

/** Creates a workspace owned by the user, inside the caller's transaction. */
export async function createWorkspaceOwnedBy(db: Db, userId: string, name: string, by: AuditActor): Promise<WorkspaceWithRole> {
  const now = nowIso();
  const id = newId();
  await workspaceRepository.insertWorkspace(db, { id, name, created_at: now, updated_at: now });
  await workspaceRepository.insertMembership(db, { workspace_id: id, user_id: userId, role: 'owner', created_at: now, updated_at: now });
  await recordAudit(
    db,
    by,
    { workspaceId: id, action: 'workspace.created', entityType: 'workspace', entityId: id, changes: { name: { before: null, after: name } } },
    { workspaceId: id, action: 'member.added', entityType: 'user', entityId: userId, changes: { role: { before: null, after: 'owner' } } },
  );
  return { id, name, role: 'owner', createdAt: now };
}

export async function createWorkspace(db: Db, actor: Actor & { userId: string }, name: string): Promise<WorkspaceWithRole> {
  return db.transaction().execute((trx) => createWorkspaceOwnedBy(trx, actor.userId, name, actorForAudit(actor)));
}
