import type { Kysely } from 'kysely';
import sharp from 'sharp';
import { actorForAudit, recordAudit } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { assertClientExists, setClientPhotoId } from '../clients/client.service';
import { newId, nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { AppError, notFound } from '../http/problem';
import { photoRepository } from './photo.repository';

type Db = Kysely<Database>;

/** Largest upload accepted. */
export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;
/** Edge of the square thumbnail. */
export const THUMB_SIZE = 256;
/** The stored "full" photo is at most this wide or high: a profile photo, not an archive. */
const FULL_MAX = 1024;

type ImageType = 'image/jpeg' | 'image/png' | 'image/webp';

/** The image type by its first bytes, whatever the upload claimed. */
export function imageTypeOf(bytes: Buffer): ImageType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return null;
}

const unsupported = () => new AppError(415, 'unsupported_image', 'photo must be a JPEG, PNG or WebP image.', [{ path: 'photo', message: 'must be a JPEG, PNG or WebP image' }]);
export const photoTooLarge = () => new AppError(413, 'photo_too_large', `photo must be at most ${PHOTO_MAX_BYTES / 1024 / 1024} MB.`, [{ path: 'photo', message: 'must be at most 5 MB' }]);

/**
 * Re-encodes the upload: turned upright, at most 1024 px, metadata (GPS!) dropped, plus a
 * 256 px square WebP thumbnail. A file that only looks like an image is refused (400).
 */
async function processImage(bytes: Buffer, type: ImageType) {
  try {
    // limitInputPixels guards against decompression bombs (a tiny file that decodes to gigapixels).
    const input = () => sharp(bytes, { limitInputPixels: 40_000_000, failOn: 'error' }).rotate();
    const resized = input().resize(FULL_MAX, FULL_MAX, { fit: 'inside', withoutEnlargement: true });
    const full = await (type === 'image/png' ? resized.png() : type === 'image/webp' ? resized.webp({ quality: 85 }) : resized.jpeg({ quality: 85, mozjpeg: true })).toBuffer();
    const thumb = await input().resize(THUMB_SIZE, THUMB_SIZE, { fit: 'cover', position: 'attention' }).webp({ quality: 80 }).toBuffer();
    return { full, thumb };
  } catch {
    throw new AppError(400, 'invalid_image', 'photo could not be read as an image; it may be damaged.', [{ path: 'photo', message: 'is not a readable image' }]);
  }
}

/** Sets a client's photo from the uploaded bytes (member); audited. Returns the new photo URL. */
export async function setClientPhoto(db: Db, actor: Actor, clientId: string, bytes: Buffer | undefined): Promise<{ photoUrl: string }> {
  authorize(actor, 'client.write');
  if (!bytes?.length) throw new AppError(400, 'validation', 'photo is required: send the image as the body or as a multipart file.', [{ path: 'photo', message: 'is required' }]);
  if (bytes.length > PHOTO_MAX_BYTES) throw photoTooLarge();
  const type = imageTypeOf(bytes);
  if (!type) throw unsupported();
  await assertClientExists(db, actor.workspaceId, clientId);
  const { full, thumb } = await processImage(bytes, type);
  return db.transaction().execute(async (trx) => {
    const client = await assertClientExists(trx, actor.workspaceId, clientId, { live: true });
    const photoId = newId();
    await photoRepository.replacePhoto(trx, { workspace_id: actor.workspaceId, client_id: clientId, content_type: type, bytes: full, thumb_type: 'image/webp', thumb, updated_at: nowIso() });
    await setClientPhotoId(trx, actor.workspaceId, client, photoId);
    await recordAudit(trx, actorForAudit(actor), {
      workspaceId: actor.workspaceId,
      action: 'client.photo_updated',
      entityType: 'client',
      entityId: clientId,
      changes: { photo: { before: client.photo_id ? 'photo' : null, after: `${type}, ${full.length} bytes` } },
    });
    return { photoUrl: `/api/v1/clients/${clientId}/photo?v=${photoId}` };
  });
}

/** The photo or its thumbnail; 404 when the client has none. */
export async function getClientPhoto(db: Db, actor: Actor, clientId: string, size: 'thumb' | 'full') {
  authorize(actor, 'client.read');
  const photo = await photoRepository.findPhoto(db, actor.workspaceId, clientId, size);
  if (!photo) throw notFound('photo');
  return { bytes: Buffer.from(photo.bytes), contentType: photo.content_type };
}

/** Removes a client's photo (member); audited. */
export async function deleteClientPhoto(db: Db, actor: Actor, clientId: string): Promise<void> {
  authorize(actor, 'client.write');
  await db.transaction().execute(async (trx) => {
    const client = await assertClientExists(trx, actor.workspaceId, clientId, { live: true });
    if (!(await photoRepository.deletePhoto(trx, actor.workspaceId, clientId))) throw notFound('photo');
    await setClientPhotoId(trx, actor.workspaceId, client, null);
    await recordAudit(trx, actorForAudit(actor), { workspaceId: actor.workspaceId, action: 'client.photo_removed', entityType: 'client', entityId: clientId, changes: { photo: { before: 'photo', after: null } } });
  });
}
