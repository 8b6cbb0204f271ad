import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { beforeAll, expect, it } from 'vitest';
import { DIALECTS, describeDialect, useTestApp } from '../helpers/app';
import { createClient, getClient, roleKey } from '../helpers/clients';
import { authHeaders, call, expectProblem, isolatedWorkspace, setupOwner, type SignedIn } from '../helpers/factories';

const image = (format: 'png' | 'jpeg' | 'webp' | 'gif', width = 600, height = 400) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 40 } } })[format]().toBuffer();

const upload = (app: FastifyInstance, as: string, clientId: string, body: Buffer, contentType: string) =>
  app.inject({ method: 'PUT', url: `/api/v1/clients/${clientId}/photo`, headers: { ...authHeaders(as), 'content-type': contentType }, payload: body });

function multipartBody(file: Buffer, filename: string, type: string) {
  const boundary = '----rapport-test-boundary';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`);
  return { body: Buffer.concat([head, file, Buffer.from(`\r\n--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
}

for (const dialect of DIALECTS) {
  describeDialect(dialect, () => {
    const t = useTestApp(dialect);
    let owner: SignedIn;
    beforeAll(async () => {
      owner = await setupOwner(t.app);
    });

    it('uploads a raw image, makes a 256 px thumbnail, serves both, replaces and removes it; audited', async () => {
      const ws = await isolatedWorkspace(t.app, owner);
      const client = await createClient(t.app, ws.cookie);
      const res = await upload(t.app, ws.cookie, client.id, await image('png'), 'image/png');
      expect(res.statusCode, res.body).toBe(200);
      const { photoUrl } = res.json();
      expect(photoUrl).toMatch(new RegExp(`^/api/v1/clients/${client.id}/photo\\?v=`));
      const after = await getClient(t.app, ws.cookie, client.id);
      expect(after).toMatchObject({ photoUrl, version: 2 });

      const thumb = await t.app.inject({ method: 'GET', url: `${photoUrl}&size=thumb`, headers: authHeaders(ws.cookie) });
      expect(thumb.statusCode).toBe(200);
      expect(thumb.headers['content-type']).toBe('image/webp');
      expect(thumb.headers['cache-control']).toMatch(/immutable/);
      expect(await sharp(thumb.rawPayload).metadata()).toMatchObject({ width: 256, height: 256, format: 'webp' });
      const full = await t.app.inject({ method: 'GET', url: `/api/v1/clients/${client.id}/photo`, headers: authHeaders(ws.cookie) });
      expect(full.headers['content-type']).toBe('image/png');
      expect(await sharp(full.rawPayload).metadata()).toMatchObject({ width: 600, height: 400 });

      // Type is decided by content: a JPEG sent as application/octet-stream is a JPEG.
      const jpeg = await upload(t.app, ws.cookie, client.id, await image('jpeg', 2000, 1500), 'application/octet-stream');
      expect(jpeg.statusCode, jpeg.body).toBe(200);
      expect(jpeg.json().photoUrl).not.toBe(photoUrl);
      const big = await t.app.inject({ method: 'GET', url: `/api/v1/clients/${client.id}/photo?size=full`, headers: authHeaders(ws.cookie) });
      expect(big.headers['content-type']).toBe('image/jpeg');
      expect(await sharp(big.rawPayload).metadata()).toMatchObject({ width: 1024, height: 768 });

      expect((await call(t.app, 'DELETE', `/api/v1/clients/${client.id}/photo`, { as: ws.cookie })).statusCode).toBe(204);
      expect((await getClient(t.app, ws.cookie, client.id)).photoUrl).toBeNull();
      expectProblem(await call(t.app, 'GET', `/api/v1/clients/${client.id}/photo`, { as: ws.cookie }), 404);
      expectProblem(await call(t.app, 'DELETE', `/api/v1/clients/${client.id}/photo`, { as: ws.cookie }), 404);
      const actions = (await call(t.app, 'GET', `/api/v1/clients/${client.id}/audit`, { as: ws.cookie })).json().data.map((e: { action: string }) => e.action);
      expect(actions).toEqual(['client.photo_removed', 'client.photo_updated', 'client.photo_updated', 'client.created']);
    });

    it('accepts a multipart file (WebP)', async () => {
      const ws = await isolatedWorkspace(t.app, owner);
      const client = await createClient(t.app, ws.cookie);
      const { body, contentType } = multipartBody(await image('webp', 300, 300), 'me.webp', 'image/webp');
      const res = await upload(t.app, ws.cookie, client.id, body, contentType);
      expect(res.statusCode, res.body).toBe(200);
      const full = await t.app.inject({ method: 'GET', url: `/api/v1/clients/${client.id}/photo`, headers: authHeaders(ws.cookie) });
      expect(full.headers['content-type']).toBe('image/webp');
    });

    it('refuses other types (415), damaged images (400), over 5 MB (413), empty bodies (400); never a 500', async () => {
      const ws = await isolatedWorkspace(t.app, owner);
      const client = await createClient(t.app, ws.cookie);
      expectProblem(await upload(t.app, ws.cookie, client.id, await image('gif'), 'application/octet-stream'), 415);
      expect(expectProblem(await upload(t.app, ws.cookie, client.id, await image('gif'), 'image/gif'), 415).errors).toEqual([{ path: 'photo', message: 'must be a JPEG, PNG or WebP image' }]);
      expectProblem(await upload(t.app, ws.cookie, client.id, Buffer.from('{"a":1}'), 'application/json'), 400);
      expectProblem(await upload(t.app, ws.cookie, client.id, Buffer.from('[255, 216, 255, 1]'), 'application/json'), 400);
      expectProblem(await upload(t.app, ws.cookie, client.id, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/png'), 415);
      const fakePng = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2000, 7)]);
      expect(expectProblem(await upload(t.app, ws.cookie, client.id, fakePng, 'image/png'), 400).errors?.[0]?.path).toBe('photo');
      const tooBig = Buffer.concat([await image('jpeg'), Buffer.alloc(5 * 1024 * 1024 + 10)]);
      expectProblem(await upload(t.app, ws.cookie, client.id, tooBig, 'image/jpeg'), 413);
      const bigPart = multipartBody(tooBig, 'big.jpg', 'image/jpeg');
      expectProblem(await upload(t.app, ws.cookie, client.id, bigPart.body, bigPart.contentType), 413);
      expectProblem(await upload(t.app, ws.cookie, client.id, Buffer.alloc(0), 'image/png'), 400);
      const emptyForm = multipartBody(Buffer.alloc(0), 'x.png', 'image/png');
      expectProblem(await upload(t.app, ws.cookie, client.id, emptyForm.body, emptyForm.contentType), 400);
      expect((await getClient(t.app, ws.cookie, client.id)).version).toBe(1);
    });

    it('viewers cannot upload; another workspace gets 404', async () => {
      const ws = await isolatedWorkspace(t.app, owner);
      const client = await createClient(t.app, ws.cookie);
      await upload(t.app, ws.cookie, client.id, await image('png', 64, 64), 'image/png');
      const viewer = await roleKey(t.app, ws.cookie, 'viewer');
      expect((await call(t.app, 'GET', `/api/v1/clients/${client.id}/photo?size=thumb`, { as: viewer.cookie })).statusCode).toBe(200);
      expectProblem(await upload(t.app, viewer.cookie, client.id, await image('png', 64, 64), 'image/png'), 403);
      expectProblem(await call(t.app, 'DELETE', `/api/v1/clients/${client.id}/photo`, { as: viewer.cookie }), 403);
      const other = await isolatedWorkspace(t.app, owner);
      expectProblem(await upload(t.app, other.cookie, client.id, await image('png', 64, 64), 'image/png'), 404);
      expectProblem(await call(t.app, 'GET', `/api/v1/clients/${client.id}/photo`, { as: other.cookie }), 404);
      expectProblem(await upload(t.app, ws.cookie, 'no-such-client', await image('png', 64, 64), 'image/png'), 404);
    });
  });
}
