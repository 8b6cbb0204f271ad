import type { Kysely, Selectable } from 'kysely';
import {
  checkCustomFieldValue,
  type CreateCustomFieldBody,
  type CustomField,
  type CustomFieldType,
  type UpdateCustomFieldBody,
} from '../../domain/customField';
import type { List } from '../../domain/list';
import type { FieldError } from '../../domain/problem';
import { actorForAudit, diff, recordAudit } from '../audit/audit.service';
import { enqueueCustomFieldIndexSync, valueKindOf } from './custom-field.index';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { fromJson, isUniqueViolation, toJson } from '../db/dialect';
import { newId, nowIso } from '../db/ids';
import type { CustomFieldTable, Database } from '../db/schema';
import { assertVersion, stale } from '../http/etag';
import { badRequest, conflict, fieldError, notFound } from '../http/problem';
import { customFieldRepository } from './custom-field.repository';

type Db = Kysely<Database>;
type FieldRow = Selectable<CustomFieldTable>;

export const customFieldRowToCustomField = (row: FieldRow): CustomField => ({
  id: row.id,
  key: row.key,
  label: row.label,
  type: row.type as CustomFieldType,
  options: fromJson<string[]>(row.options) ?? [],
  required: row.required === 1,
  position: row.position,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  version: row.version,
});

const auditView = (f: Pick<CustomField, 'key' | 'label' | 'type' | 'options' | 'required' | 'position'>) => ({
  key: f.key,
  label: f.label,
  type: f.type,
  options: f.options,
  required: f.required,
  position: f.position,
});

/** The workspace's definitions, no permission check (client writes and B's filters need them). */
export async function customFieldsOf(db: Db, workspaceId: string): Promise<CustomField[]> {
  return (await customFieldRepository.selectFields(db, workspaceId)).map((r) => customFieldRowToCustomField(r as FieldRow));
}

/**
 * Validates a client's custom field values against the definitions: unknown key, wrong type,
 * option not offered, or a required field left empty → 400 naming `customFields.<key>`.
 * `creating` also demands every required field. Returns the values to store (nulls removed).
 */
export async function checkClientCustomFields(
  db: Db,
  workspaceId: string,
  values: Record<string, unknown>,
  current: Record<string, unknown>,
  creating: boolean,
): Promise<Record<string, unknown>> {
  const defs = new Map((await customFieldsOf(db, workspaceId)).map((d) => [d.key, d]));
  const errors: FieldError[] = [];
  const result: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(values)) {
    const def = defs.get(key);
    if (!def) {
      errors.push({ path: `customFields.${key}`, message: 'is not a custom field of this workspace' });
      continue;
    }
    const checked = checkCustomFieldValue(def, value);
    if (!checked.ok) errors.push({ path: `customFields.${key}`, message: checked.message });
    else if (checked.value === null) delete result[key];
    else result[key] = checked.value;
  }
  if (creating) {
    for (const def of defs.values()) {
      if (def.required && !(def.key in values)) errors.push({ path: `customFields.${def.key}`, message: 'is required' });
    }
  }
  if (errors.length) throw badRequest(`${errors[0]!.path} ${errors[0]!.message}`, errors);
  return result;
}

export async function listCustomFields(db: Db, actor: Actor): Promise<List<CustomField>> {
  authorize(actor, 'client.read');
  const data = await customFieldsOf(db, actor.workspaceId);
  return { data, nextCursor: null, total: data.length };
}

const keyTaken = () => conflict('A custom field with this key already exists.', [{ path: 'key', message: 'is already used by another custom field' }]);

function assertOptions(type: CustomFieldType, options: string[] | undefined) {
  const choice = type === 'select' || type === 'multiselect';
  if (choice && !options?.length) throw fieldError('options', `are required for a ${type} field`);
  if (!choice && options?.length) throw fieldError('options', `are only for select and multiselect fields, not ${type}`);
}

export async function createCustomField(db: Db, actor: Actor, body: CreateCustomFieldBody): Promise<CustomField> {
  authorize(actor, 'settings.manage');
  assertOptions(body.type, body.options);
  try {
    return await db.transaction().execute(async (trx) => {
      const now = nowIso();
      const row = {
        workspace_id: actor.workspaceId,
        id: newId(),
        key: body.key,
        label: body.label,
        type: body.type,
        options: toJson(body.options ?? []),
        required: body.required ? 1 : 0,
        position: body.position ?? 0,
        created_at: now,
        updated_at: now,
      };
      await customFieldRepository.insertField(trx, row);
      const field = customFieldRowToCustomField({ ...row, version: 1 } as FieldRow);
      if (valueKindOf(body.type)) await enqueueCustomFieldIndexSync(trx, actor.workspaceId, actor.userId);
      await recordAudit(trx, actorForAudit(actor), {
        workspaceId: actor.workspaceId,
        action: 'custom_field.created',
        entityType: 'custom_field',
        entityId: row.id,
        changes: diff({}, auditView(field)),
      });
      return field;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw keyTaken();
    throw error;
  }
}

/** Changes a definition's label, options, required flag or position; key and type are fixed. */
export async function updateCustomField(db: Db, actor: Actor, id: string, body: UpdateCustomFieldBody, expectedVersion?: number): Promise<CustomField> {
  authorize(actor, 'settings.manage');
  return db.transaction().execute(async (trx) => {
    const row = (await customFieldRepository.findField(trx, actor.workspaceId, id)) as FieldRow | undefined;
    if (!row) throw notFound('custom field');
    assertVersion(row.version, expectedVersion);
    const before = customFieldRowToCustomField(row);
    if (body.options !== undefined) assertOptions(before.type, body.options);
    const after: CustomField = {
      ...before,
      label: body.label ?? before.label,
      options: body.options ?? before.options,
      required: body.required ?? before.required,
      position: body.position ?? before.position,
    };
    const changes = diff(auditView(before), auditView(after));
    if (!Object.keys(changes).length) return before;
    const now = nowIso();
    const values = { label: after.label, options: toJson(after.options), required: after.required ? 1 : 0, position: after.position, updated_at: now };
    if (!(await customFieldRepository.updateField(trx, actor.workspaceId, id, row.version, values))) throw stale();
    await recordAudit(trx, actorForAudit(actor), { workspaceId: actor.workspaceId, action: 'custom_field.updated', entityType: 'custom_field', entityId: id, changes });
    return { ...after, updatedAt: now, version: row.version + 1 };
  });
}

/** Deletes a definition and its values on every client. */
export async function deleteCustomField(db: Db, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'settings.manage');
  await db.transaction().execute(async (trx) => {
    const row = (await customFieldRepository.findField(trx, actor.workspaceId, id)) as FieldRow | undefined;
    if (!row) throw notFound('custom field');
    await customFieldRepository.removeValues(trx, actor.workspaceId, row.key);
    await customFieldRepository.deleteField(trx, actor.workspaceId, id);
    if (valueKindOf(row.type)) await enqueueCustomFieldIndexSync(trx, actor.workspaceId, actor.userId);
    await recordAudit(trx, actorForAudit(actor), {
      workspaceId: actor.workspaceId,
      action: 'custom_field.deleted',
      entityType: 'custom_field',
      entityId: id,
      changes: { key: { before: row.key, after: null }, label: { before: row.label, after: null }, type: { before: row.type, after: null } },
    });
  });
}
