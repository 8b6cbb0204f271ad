import type { Kysely } from 'kysely';
import type { List } from '../../domain/list';
import { normalizeSearch } from '../../domain/searchText';
import type {
  CreateTagBody,
  CreateTagCategoryBody,
  Tag,
  TagCategory,
  UpdateTagBody,
  UpdateTagCategoryBody,
} from '../../domain/tag';
import { actorForAudit, diff, recordAudit } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { replaceTagOnClients } from '../clients/client.cascade';
import { isUniqueViolation } from '../db/dialect';
import { newId, nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { assertVersion, stale } from '../http/etag';
import { conflict, fieldError, notFound } from '../http/problem';
import { tagRepository, type TagCategoryRow, type TagRow } from './tag.repository';

type Db = Kysely<Database>;

/** The key tags are unique by: accents, case and spacing ignored ("Café" = "cafe"). */
export const tagKey = (name: string) => normalizeSearch(name);

export const tagRowToTag = (row: TagRow, clientCount: number | null = null): Tag => ({
  id: row.id,
  name: row.name,
  categoryId: row.category_id,
  color: row.color,
  clientCount,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  version: row.version,
});

export const categoryRowToCategory = (row: TagCategoryRow): TagCategory => ({
  id: row.id,
  name: row.name,
  color: row.color,
  position: row.position,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  version: row.version,
});

const tagNameTaken = () => conflict('A tag with this name already exists.', [{ path: 'name', message: 'is already a tag (names ignore case and accents)' }]);
const categoryNameTaken = () => conflict('A tag category with this name already exists.', [{ path: 'name', message: 'is already a category' }]);

async function assertCategory(db: Db, workspaceId: string, categoryId: string | null | undefined) {
  if (categoryId && !(await tagRepository.findCategory(db, workspaceId, categoryId))) throw fieldError('categoryId', 'is not a tag category of this workspace');
}

export async function listTags(db: Db, actor: Actor, withCounts = false): Promise<List<Tag>> {
  authorize(actor, 'client.read');
  const [rows, counts] = await Promise.all([
    tagRepository.selectTags(db, actor.workspaceId),
    withCounts ? tagRepository.countClientsByTag(db, actor.workspaceId) : Promise.resolve(null),
  ]);
  return { data: rows.map((r) => tagRowToTag(r as TagRow, counts ? (counts.get(r.id) ?? 0) : null)), nextCursor: null, total: rows.length };
}

export async function getTag(db: Db, actor: Actor, id: string): Promise<Tag> {
  authorize(actor, 'client.read');
  const row = await tagRepository.findTag(db, actor.workspaceId, id);
  if (!row) throw notFound('tag');
  return tagRowToTag(row as TagRow);
}

/**
 * The tags with these names, creating the unknown ones (uncategorised) inside the caller's
 * transaction; audited as tag.created. Returns them in the order given, duplicates removed.
 */
export async function resolveTagNames(trx: Db, actor: Actor, names: string[]): Promise<{ id: string; name: string }[]> {
  const byKey = new Map<string, string>();
  for (const name of names) {
    const trimmed = name.trim();
    if (trimmed && !byKey.has(tagKey(trimmed))) byKey.set(tagKey(trimmed), trimmed);
  }
  if (!byKey.size) return [];
  const existing = await tagRepository.findTagsByKeys(trx, actor.workspaceId, [...byKey.keys()]);
  const found = new Map(existing.map((t) => [t.name_key, { id: t.id, name: t.name }]));
  const missing = [...byKey].filter(([key]) => !found.has(key));
  if (missing.length) {
    const now = nowIso();
    const created = await tagRepository.insertMissingTags(
      trx,
      missing.map(([key, name]) => ({ workspace_id: actor.workspaceId, id: newId(), name, name_key: key, category_id: null, color: null, created_at: now, updated_at: now })),
    );
    if (created.length) {
      await recordAudit(
        trx,
        actorForAudit(actor),
        ...created.map((t) => ({ workspaceId: actor.workspaceId, action: 'tag.created', entityType: 'tag', entityId: t.id, changes: { name: { before: null, after: t.name } } })),
      );
    }
    for (const t of created) found.set(tagKey(t.name), t);
    if (created.length < missing.length) {
      // Someone else created some of them a moment ago: read those back.
      const again = await tagRepository.findTagsByKeys(trx, actor.workspaceId, missing.map(([key]) => key));
      for (const t of again) found.set(t.name_key, { id: t.id, name: t.name });
    }
  }
  return [...byKey.keys()].map((k) => found.get(k)!);
}

export async function createTag(db: Db, actor: Actor, body: CreateTagBody): Promise<Tag> {
  authorize(actor, 'client.write');
  try {
    return await db.transaction().execute(async (trx) => {
      await assertCategory(trx, actor.workspaceId, body.categoryId);
      if ((await tagRepository.findTagsByKeys(trx, actor.workspaceId, [tagKey(body.name)])).length) throw tagNameTaken();
      const now = nowIso();
      const row = { workspace_id: actor.workspaceId, id: newId(), name: body.name, name_key: tagKey(body.name), category_id: body.categoryId ?? null, color: body.color ?? null, created_at: now, updated_at: now };
      await tagRepository.insertTags(trx, [row]);
      await recordAudit(trx, actorForAudit(actor), {
        workspaceId: actor.workspaceId,
        action: 'tag.created',
        entityType: 'tag',
        entityId: row.id,
        changes: diff({}, { name: row.name, categoryId: row.category_id, color: row.color }),
      });
      return tagRowToTag({ ...row, version: 1 } as TagRow, 0);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw tagNameTaken();
    throw error;
  }
}

/** Renames, recolours or recategorises a tag; a rename updates every client's copy of the name. */
export async function updateTag(db: Db, actor: Actor, id: string, body: UpdateTagBody, expectedVersion?: number): Promise<Tag> {
  authorize(actor, 'client.write');
  try {
    return await db.transaction().execute(async (trx) => {
      const row = (await tagRepository.findTag(trx, actor.workspaceId, id)) as TagRow | undefined;
      if (!row) throw notFound('tag');
      assertVersion(row.version, expectedVersion);
      await assertCategory(trx, actor.workspaceId, body.categoryId);
      const next = {
        name: body.name ?? row.name,
        categoryId: body.categoryId === undefined ? row.category_id : body.categoryId,
        color: body.color === undefined ? row.color : body.color,
      };
      const changes = diff({ name: row.name, categoryId: row.category_id, color: row.color }, next);
      if (!Object.keys(changes).length) return tagRowToTag(row);
      if (body.name && tagKey(body.name) !== row.name_key && (await tagRepository.findTagsByKeys(trx, actor.workspaceId, [tagKey(body.name)])).length) {
        throw tagNameTaken();
      }
      const now = nowIso();
      const values = { name: next.name, name_key: tagKey(next.name), category_id: next.categoryId, color: next.color, updated_at: now };
      if (!(await tagRepository.updateTag(trx, actor.workspaceId, id, row.version, values))) throw stale();
      if (next.name !== row.name) {
        await replaceTagOnClients(trx, actor, await tagRepository.clientIdsWithTag(trx, actor.workspaceId, id), row.name_key, next.name);
      }
      await recordAudit(trx, actorForAudit(actor), { workspaceId: actor.workspaceId, action: 'tag.updated', entityType: 'tag', entityId: id, changes });
      return tagRowToTag({ ...row, ...values, version: row.version + 1 } as TagRow);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw tagNameTaken();
    throw error;
  }
}

/** Deletes a tag and takes it off every client. */
export async function deleteTag(db: Db, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'client.write');
  await db.transaction().execute(async (trx) => {
    const row = await tagRepository.findTag(trx, actor.workspaceId, id);
    if (!row) throw notFound('tag');
    await replaceTagOnClients(trx, actor, await tagRepository.clientIdsWithTag(trx, actor.workspaceId, id), row.name_key, null);
    await tagRepository.deleteTag(trx, actor.workspaceId, id);
    await recordAudit(trx, actorForAudit(actor), { workspaceId: actor.workspaceId, action: 'tag.deleted', entityType: 'tag', entityId: id, changes: { name: { before: row.name, after: null } } });
  });
}

export async function listTagCategories(db: Db, actor: Actor): Promise<List<TagCategory>> {
  authorize(actor, 'client.read');
  const rows = await tagRepository.selectCategories(db, actor.workspaceId);
  return { data: rows.map((r) => categoryRowToCategory(r as TagCategoryRow)), nextCursor: null, total: rows.length };
}

export async function createTagCategory(db: Db, actor: Actor, body: CreateTagCategoryBody): Promise<TagCategory> {
  authorize(actor, 'settings.manage');
  try {
    return await db.transaction().execute(async (trx) => {
      const now = nowIso();
      const row = { workspace_id: actor.workspaceId, id: newId(), name: body.name, name_key: tagKey(body.name), color: body.color ?? null, position: body.position ?? 0, created_at: now, updated_at: now };
      await tagRepository.insertCategory(trx, row);
      await recordAudit(trx, actorForAudit(actor), {
        workspaceId: actor.workspaceId,
        action: 'tag_category.created',
        entityType: 'tag_category',
        entityId: row.id,
        changes: diff({}, { name: row.name, color: row.color, position: row.position }),
      });
      return categoryRowToCategory({ ...row, version: 1 } as TagCategoryRow);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw categoryNameTaken();
    throw error;
  }
}

export async function updateTagCategory(db: Db, actor: Actor, id: string, body: UpdateTagCategoryBody, expectedVersion?: number): Promise<TagCategory> {
  authorize(actor, 'settings.manage');
  try {
    return await db.transaction().execute(async (trx) => {
      const row = (await tagRepository.findCategory(trx, actor.workspaceId, id)) as TagCategoryRow | undefined;
      if (!row) throw notFound('tag category');
      assertVersion(row.version, expectedVersion);
      const next = { name: body.name ?? row.name, color: body.color === undefined ? row.color : body.color, position: body.position ?? row.position };
      const changes = diff<Record<string, unknown>>({ name: row.name, color: row.color, position: row.position }, next);
      if (!Object.keys(changes).length) return categoryRowToCategory(row);
      const values = { ...next, name_key: tagKey(next.name), updated_at: nowIso() };
      if (!(await tagRepository.updateCategory(trx, actor.workspaceId, id, row.version, values))) throw stale();
      await recordAudit(trx, actorForAudit(actor), { workspaceId: actor.workspaceId, action: 'tag_category.updated', entityType: 'tag_category', entityId: id, changes });
      return categoryRowToCategory({ ...row, ...values, version: row.version + 1 } as TagCategoryRow);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw categoryNameTaken();
    throw error;
  }
}

/** Deletes a category; its tags stay, uncategorised. */
export async function deleteTagCategory(db: Db, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'settings.manage');
  await db.transaction().execute(async (trx) => {
    const row = await tagRepository.findCategory(trx, actor.workspaceId, id);
    if (!row) throw notFound('tag category');
    await tagRepository.clearCategory(trx, actor.workspaceId, id);
    await tagRepository.deleteCategory(trx, actor.workspaceId, id);
    await recordAudit(trx, actorForAudit(actor), { workspaceId: actor.workspaceId, action: 'tag_category.deleted', entityType: 'tag_category', entityId: id, changes: { name: { before: row.name, after: null } } });
  });
}
