import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import {
  createDocumentFieldsSchema,
  defaultDocumentSettings,
  documentFileTypes,
  type Document,
  type DocumentListQuery,
  type DocumentSettings,
  type UpdateDocumentBody,
  type UpdateDocumentSettingsBody,
} from '../../domain/document';
import type { List } from '../../domain/list';
import type { FieldError } from '../../domain/problem';
import { addTimelineEntry, removeTimelineEntry, updateTimelineEntry } from '../activity/timeline';
import { actorForAudit, diff, recordAudit } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { authorize, can } from '../auth/policy';
import { assertClientExists, creationChanges } from '../clients/client.service';
import { newId, nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { assertVersion, stale } from '../http/etag';
import { keysetPage } from '../http/pagination';
import { AppError, badRequest, forbidden, notFound } from '../http/problem';
import { settingsSectionOf, updateSettingsSection } from '../loyalty/workspace-settings';
import { StorageLimitError, storageKey, type FileStorage, type StoredObject } from '../storage/storage';
import { detectDocumentType } from './document.file-type';
import { documentRepository, type DocumentRow } from './document.repository';

type Db = Kysely<Database>;
const MB = 1024 * 1024;

export const documentRowToDocument = (row: DocumentRow, now = Date.now()): Document => ({
  id: row.id,
  clientId: row.client_id,
  kind: row.kind as Document['kind'],
  title: row.title,
  fileName: row.file_name,
  contentType: row.content_type,
  size: Number(row.size),
  sha256: row.sha256,
  expiresAt: row.expires_at ? new Date(row.expires_at).toISOString() : null,
  expired: row.expires_at !== null && Date.parse(String(row.expires_at)) <= now,
  confidential: Number(row.confidential) === 1,
  verification: row.verification as Document['verification'],
  notes: row.notes,
  uploadedBy: row.uploaded_by,
  downloadUrl: `/api/v1/documents/${row.id}/download`,
  createdAt: new Date(row.created_at).toISOString(),
  updatedAt: new Date(row.updated_at).toISOString(),
  version: row.version,
});

export const documentSettingsOf = (db: Db, workspaceId: string) => settingsSectionOf<DocumentSettings>(db, workspaceId, 'documents', defaultDocumentSettings);

export async function getDocumentSettings(db: Db, actor: Actor): Promise<DocumentSettings> {
  authorize(actor, 'client.read');
  return documentSettingsOf(db, actor.workspaceId);
}

/** Changes the upload size limit (admin); audited. */
export async function updateDocumentSettings(db: Db, actor: Actor, body: UpdateDocumentSettingsBody): Promise<DocumentSettings> {
  authorize(actor, 'settings.manage');
  return updateSettingsSection<DocumentSettings>(db, actor, 'documents', defaultDocumentSettings, body);
}

export const uploadTooLarge = (maxBytes: number) =>
  new AppError(413, 'file_too_large', `file must be at most ${Math.round(maxBytes / MB)} MB.`, [{ path: 'file', message: `must be at most ${Math.round(maxBytes / MB)} MB` }]);

/**
 * Before reading an upload's body: may the caller add documents to this (live) client, and
 * how many bytes may the file have? Lets the route refuse a 2 GB upload by its header.
 */
export async function prepareUpload(db: Db, actor: Actor, clientId: string): Promise<{ maxBytes: number }> {
  authorize(actor, 'document.write');
  await assertClientExists(db, actor.workspaceId, clientId, { live: true });
  const settings = await documentSettingsOf(db, actor.workspaceId);
  return { maxBytes: settings.maxUploadMb * MB };
}

export type ReceivedFile = { id: string; key: string; fileName: string; stored: StoredObject };

/** The name as the user's system gave it, minus any path and control characters. */
const cleanFileName = (name: string | undefined) =>
  (name ?? '').split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f"]/g, '').trim().slice(0, 255) || 'document';

/** Streams an uploaded file into storage (413 past maxBytes, nothing kept). */
export async function receiveFile(storage: FileStorage, actor: Actor, clientId: string, body: Readable, fileName: string | undefined, maxBytes: number): Promise<ReceivedFile> {
  const id = newId();
  const key = storageKey(actor.workspaceId, clientId, id);
  try {
    const stored = await storage.put(key, body, { maxBytes });
    return { id, key, fileName: cleanFileName(fileName), stored };
  } catch (error) {
    if (error instanceof StorageLimitError || (error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw uploadTooLarge(maxBytes);
    throw error;
  }
}

const fieldErrorsOf = (error: z.ZodError): FieldError[] => error.issues.map((i) => ({ path: i.path.join('.') || 'body', message: i.message }));

/** Timeline lines never name a confidential file: viewers read the timeline. */
const timelineOf = (doc: Document) =>
  doc.confidential
    ? { title: 'Confidential document added', summary: { kind: doc.kind, confidential: true } }
    : { title: `Document: ${doc.title ?? doc.fileName}`, summary: { kind: doc.kind, fileName: doc.fileName, verification: doc.verification, expiresAt: doc.expiresAt } };

/**
 * Records a received file as a document of the client, after checking the form fields and the
 * file's type by content. On any refusal the stored file is removed and nothing is written.
 */
export async function createDocument(db: Db, storage: FileStorage, actor: Actor, clientId: string, file: ReceivedFile | undefined, fields: Record<string, string>): Promise<Document> {
  try {
    if (!file) throw new AppError(400, 'validation', 'file is required: send the document as a multipart part named "file".', [{ path: 'file', message: 'is required' }]);
    if (file.stored.size === 0) throw new AppError(400, 'validation', 'file is empty.', [{ path: 'file', message: 'is empty' }]);
    const parsed = createDocumentFieldsSchema.safeParse(fields);
    if (!parsed.success) {
      const errors = fieldErrorsOf(parsed.error);
      throw badRequest(`${errors[0]!.path} ${errors[0]!.message}`, errors);
    }
    const input = parsed.data;
    if (input.confidential && !can(actor.role, 'document.confidential')) throw forbidden(`Your role (${actor.role}) cannot mark documents confidential.`);
    const detected = await detectDocumentType(file.stored.head, file.fileName);
    if (!detected.type) {
      const allowed = Object.keys(documentFileTypes).join(', ');
      const what = detected.found ? `is ${detected.found}, ` : '';
      throw new AppError(415, 'unsupported_file_type', `file ${what}not a type Rapport keeps (by its content): ${allowed}.`, [{ path: 'file', message: `${what}not an allowed type by its content (${allowed})` }]);
    }
    return await db.transaction().execute(async (trx) => {
      await assertClientExists(trx, actor.workspaceId, clientId, { live: true });
      const now = nowIso();
      const row: DocumentRow = {
        workspace_id: actor.workspaceId,
        id: file.id,
        client_id: clientId,
        kind: input.kind,
        title: input.title ?? null,
        file_name: file.fileName,
        content_type: detected.mime,
        size: file.stored.size,
        sha256: file.stored.sha256,
        storage_key: file.key,
        expires_at: input.expiresAt ?? null,
        confidential: input.confidential ? 1 : 0,
        verification: input.verification ?? 'unverified',
        notes: input.notes ?? null,
        uploaded_by: actor.userId,
        version: 1,
        created_at: now,
        updated_at: now,
      };
      await documentRepository.insertDocument(trx, row);
      const doc = documentRowToDocument(row);
      await recordAudit(trx, actorForAudit(actor), { workspaceId: actor.workspaceId, action: 'document.created', entityType: 'document', entityId: doc.id, changes: creationChanges({ clientId, ...editableOf(doc), fileName: doc.fileName, contentType: doc.contentType, size: doc.size }) });
      await addTimelineEntry(trx, { workspaceId: actor.workspaceId, clientId, kind: 'document', recordId: doc.id, at: now, userId: actor.userId, ...timelineOf(doc) });
      return doc;
    });
  } catch (error) {
    if (file) await storage.delete(file.key);
    throw error;
  }
}

const mayReadConfidential = (actor: Actor) => can(actor.role, 'document.confidential');

/** The document, or 404 when it does not exist here or is confidential and the caller may not see it. */
async function readableDocument(db: Db, actor: Actor, id: string): Promise<DocumentRow> {
  authorize(actor, 'client.read');
  const row = await documentRepository.findDocument(db, actor.workspaceId, id);
  if (!row || (Number(row.confidential) === 1 && !mayReadConfidential(actor))) throw notFound('document');
  return row;
}

/** A client's documents, newest first; confidential ones only for roles the policy allows. */
export async function listDocuments(db: Db, actor: Actor, clientId: string, query: DocumentListQuery): Promise<List<Document>> {
  authorize(actor, 'client.read');
  await assertClientExists(db, actor.workspaceId, clientId);
  const filter = { kind: query.kind, verification: query.verification, includeConfidential: mayReadConfidential(actor) };
  const [page, total] = await Promise.all([
    keysetPage(documentRepository.selectClientDocuments(db, actor.workspaceId, clientId, filter), { sort: { column: 'created_at', direction: 'desc' }, idColumn: 'id', limit: query.limit, cursor: query.cursor }),
    documentRepository.countClientDocuments(db, actor.workspaceId, clientId, filter),
  ]);
  const now = Date.now();
  return { data: page.rows.map((r) => documentRowToDocument(r, now)), nextCursor: page.nextCursor, total };
}

export async function getDocument(db: Db, actor: Actor, id: string): Promise<Document> {
  return documentRowToDocument(await readableDocument(db, actor, id));
}

/**
 * The stored file of a document for download, with its name and type. Downloads of
 * confidential documents are audited (a sensitive read).
 */
export async function openDocumentFile(db: Db, storage: FileStorage, actor: Actor, id: string, clientId?: string) {
  const row = await readableDocument(db, actor, id);
  if (clientId !== undefined && row.client_id !== clientId) throw notFound('document');
  let stream: Readable;
  try {
    stream = await storage.get(row.storage_key);
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') throw new AppError(410, 'file_missing', 'The file of this document is no longer in storage.');
    throw error;
  }
  if (Number(row.confidential) === 1) {
    await recordAudit(db, actorForAudit(actor), { workspaceId: actor.workspaceId, action: 'document.downloaded', entityType: 'document', entityId: id });
  }
  return { stream, fileName: row.file_name, contentType: row.content_type, size: Number(row.size) };
}

type Editable = Pick<Document, 'kind' | 'title' | 'expiresAt' | 'confidential' | 'verification' | 'notes'>;
const editableOf = (d: Document): Editable => ({ kind: d.kind, title: d.title, expiresAt: d.expiresAt, confidential: d.confidential, verification: d.verification, notes: d.notes });
const pick = <T>(value: T | undefined, fallback: T): T => (value === undefined ? fallback : value);

/** Changes a document's metadata (member; confidential ones and the flag itself: by policy); audited. */
export async function updateDocument(db: Db, actor: Actor, id: string, body: UpdateDocumentBody, expectedVersion?: number): Promise<Document> {
  authorize(actor, 'document.write');
  if (body.confidential !== undefined && !mayReadConfidential(actor)) throw forbidden(`Your role (${actor.role}) cannot change whether documents are confidential.`);
  return db.transaction().execute(async (trx) => {
    const row = await readableDocument(trx, actor, id);
    assertVersion(row.version, expectedVersion);
    await assertClientExists(trx, actor.workspaceId, row.client_id, { live: true });
    const before = documentRowToDocument(row);
    const next: Editable = {
      kind: pick(body.kind, before.kind),
      title: pick(body.title, before.title),
      expiresAt: pick(body.expiresAt, before.expiresAt),
      confidential: pick(body.confidential, before.confidential),
      verification: pick(body.verification, before.verification),
      notes: pick(body.notes, before.notes),
    };
    const changes = diff(editableOf(before), next);
    if (!Object.keys(changes).length) return before;
    const values = {
      kind: next.kind,
      title: next.title,
      expires_at: next.expiresAt,
      confidential: next.confidential ? 1 : 0,
      verification: next.verification,
      notes: next.notes,
      updated_at: nowIso(),
    };
    if (!(await documentRepository.updateDocument(trx, actor.workspaceId, id, row.version, values))) throw stale();
    await recordAudit(trx, actorForAudit(actor), { workspaceId: actor.workspaceId, action: 'document.updated', entityType: 'document', entityId: id, changes });
    const after = documentRowToDocument({ ...row, ...values, version: row.version + 1 });
    await updateTimelineEntry(trx, actor.workspaceId, 'document', id, timelineOf(after));
    return after;
  });
}

/** Deletes a document (member; confidential ones by policy); audited. The file goes once the deletion has committed. */
export async function deleteDocument(db: Db, storage: FileStorage, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'document.write');
  const key = await db.transaction().execute(async (trx) => {
    const row = await readableDocument(trx, actor, id);
    await documentRepository.deleteDocument(trx, actor.workspaceId, id);
    await recordAudit(trx, actorForAudit(actor), {
      workspaceId: actor.workspaceId,
      action: 'document.deleted',
      entityType: 'document',
      entityId: id,
      changes: { fileName: { before: row.file_name, after: null }, clientId: { before: row.client_id, after: null }, sha256: { before: row.sha256, after: null } },
    });
    await removeTimelineEntry(trx, actor.workspaceId, 'document', id);
    return row.storage_key;
  });
  await storage.delete(key);
}
