import type { Insertable, Kysely } from 'kysely';
import type { ClientPhotoTable, Database } from '../db/schema';

type Db = Kysely<Database>;

async function replacePhoto(db: Db, row: Insertable<ClientPhotoTable>) {
  await db.deleteFrom('client_photos').where('workspace_id', '=', row.workspace_id).where('client_id', '=', row.client_id).execute();
  await db.insertInto('client_photos').values(row).execute();
}

/** One size of a client's photo: the stored image or its thumbnail. */
async function findPhoto(db: Db, workspaceId: string, clientId: string, size: 'thumb' | 'full') {
  const q = db.selectFrom('client_photos').where('workspace_id', '=', workspaceId).where('client_id', '=', clientId);
  const row = size === 'thumb'
    ? await q.select(['thumb as bytes', 'thumb_type as content_type', 'updated_at']).executeTakeFirst()
    : await q.select(['bytes', 'content_type', 'updated_at']).executeTakeFirst();
  return row;
}

async function deletePhoto(db: Db, workspaceId: string, clientId: string) {
  const result = await db.deleteFrom('client_photos').where('workspace_id', '=', workspaceId).where('client_id', '=', clientId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export const photoRepository = Object.freeze({ replacePhoto, findPhoto, deletePhoto });
