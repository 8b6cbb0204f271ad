import type { Kysely } from 'kysely';
import type { ApiKey } from '../../domain/apiKey';
import type { List } from '../../domain/list';
import { roleAtLeast, roles, type Role } from '../../domain/role';
import { actorForAudit, recordAudit } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { hashToken, newToken } from '../auth/token';
import { newId, nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { forbidden, notFound } from '../http/problem';
import { apiKeyRepository } from './api-key.repository';

type Db = Kysely<Database>;
type KeyRow = NonNullable<Awaited<ReturnType<typeof apiKeyRepository.findApiKey>>>;

const TOUCH_INTERVAL_MS = 60 * 1000;

/**
 * Resolved keys are remembered for a few seconds: an integration calling in a loop would
 * otherwise cost a database round trip per request (bench/http.ts). Revoking clears the
 * cache of this server at once; another server behind the same load balancer honours a
 * revocation within KEY_CACHE_MS.
 */
export const KEY_CACHE_MS = 5000;
const keyCache = new Map<string, { actor: Omit<Actor, 'ip'>; until: number }>();
/** Call after committing a revocation. */
export const forgetCachedKeys = () => keyCache.clear();

export const apiKeyRowToApiKey = (row: KeyRow): ApiKey => ({
  id: row.id,
  name: row.name,
  role: row.role as Role,
  prefix: row.token_prefix,
  createdAt: row.created_at,
  createdBy: row.created_by ? { id: row.created_by, name: row.created_by_name ?? '' } : null,
  lastUsedAt: row.last_used_at,
  revokedAt: row.revoked_at,
});

/** Creates a key for the actor's workspace with a role no higher than the actor's. The token is returned once. */
export async function createApiKey(db: Db, actor: Actor & { userId: string }, body: { name: string; role: Role }) {
  authorize(actor, 'apiKey.manage');
  if (!roleAtLeast(actor.role, body.role)) {
    throw forbidden(`An API key cannot have a higher role than yours (${actor.role}).`);
  }
  const token = newToken('rpk_');
  const id = newId();
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    await apiKeyRepository.insertApiKey(trx, {
      workspace_id: actor.workspaceId,
      id,
      name: body.name,
      role: body.role,
      token_hash: hashToken(token),
      token_prefix: token.slice(0, 10),
      created_by: actor.userId,
      created_at: now,
      last_used_at: null,
      revoked_at: null,
    });
    await recordAudit(trx, actorForAudit(actor), {
      workspaceId: actor.workspaceId,
      action: 'api_key.created',
      entityType: 'api_key',
      entityId: id,
      changes: { name: { before: null, after: body.name }, role: { before: null, after: body.role } },
    });
  });
  const created = await apiKeyRepository.findApiKey(db, actor.workspaceId, id);
  return { ...apiKeyRowToApiKey(created!), token };
}

/** The workspace's keys, live ones first, newest first. */
export async function listApiKeys(db: Db, actor: Actor): Promise<List<ApiKey>> {
  authorize(actor, 'apiKey.manage');
  const rows = await apiKeyRepository
    .selectApiKeys(db, actor.workspaceId)
    .orderBy('k.revoked_at', (ob) => ob.asc().nullsFirst())
    .orderBy('k.id', 'desc')
    .limit(1000)
    .execute();
  return { data: rows.map(apiKeyRowToApiKey), nextCursor: null, total: rows.length };
}

export async function revokeApiKey(db: Db, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'apiKey.manage');
  await db.transaction().execute(async (trx) => {
    const key = await apiKeyRepository.findApiKey(trx, actor.workspaceId, id);
    if (!key) throw notFound('API key');
    if (key.revoked_at) return;
    const now = nowIso();
    await apiKeyRepository.revokeApiKey(trx, actor.workspaceId, id, now);
    await recordAudit(trx, actorForAudit(actor), {
      workspaceId: actor.workspaceId,
      action: 'api_key.revoked',
      entityType: 'api_key',
      entityId: id,
      changes: { revokedAt: { before: null, after: now } },
    });
  });
  // After the commit: a request racing the revocation cannot re-cache the key as live.
  forgetCachedKeys();
}

/**
 * The caller must call forgetCachedKeys() after committing.
 * When a member's role is lowered, the keys they made with a higher role stop working;
 * when they leave the workspace (role null), all their keys do.
 */
export async function revokeKeysAboveRole(db: Db, actor: Actor, userId: string, role: Role | null): Promise<void> {
  const above = roles.filter((r) => role === null || !roleAtLeast(role, r));
  const now = nowIso();
  const revoked = await apiKeyRepository.revokeKeysAboveRole(db, actor.workspaceId, userId, above, now);
  for (const key of revoked) {
    await recordAudit(db, actorForAudit(actor), {
      workspaceId: actor.workspaceId,
      action: 'api_key.revoked',
      entityType: 'api_key',
      entityId: key.id,
      changes: { revokedAt: { before: null, after: now } },
    });
  }
}

/** The actor behind a Bearer token, or null for an unknown or revoked key. */
export async function actorFromApiKey(db: Db, token: string, ip: string): Promise<Actor | null> {
  if (!token.startsWith('rpk_')) return null;
  const tokenHash = hashToken(token);
  const now = Date.now();
  const cached = keyCache.get(tokenHash);
  if (cached && cached.until > now) return { ...cached.actor, ip };
  const key = await apiKeyRepository.findLiveKeyByTokenHash(db, tokenHash);
  if (!key) return null;
  if (!key.last_used_at || Date.parse(key.last_used_at) + TOUCH_INTERVAL_MS < now) {
    await apiKeyRepository.touchApiKey(db, key.workspace_id, key.id, new Date(now).toISOString());
  }
  if (keyCache.size > 10_000) keyCache.clear();
  const actor: Omit<Actor, 'ip'> = {
    workspaceId: key.workspace_id,
    workspaceName: key.workspace_name,
    role: key.role as Role,
    userId: null,
    userName: null,
    userEmail: null,
    apiKeyId: key.id,
    apiKeyName: key.name,
    sessionId: null,
  };
  keyCache.set(tokenHash, { actor, until: now + KEY_CACHE_MS });
  return { ...actor, ip };
}
