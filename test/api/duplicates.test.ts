import { beforeAll, describe, expect, it } from 'vitest';
import { jaroWinkler, nameSimilarity, canonicalEmail } from '../../src/domain/duplicateScore';
import { runNextJob } from '../../src/server/jobs/job.runner';
import { scanLimits } from '../../src/server/duplicates/duplicate.scan';
import { DIALECTS, describeDialect, useTestApp } from '../helpers/app';
import { addSignedInMember, auditEvents, call, expectProblem, isolatedWorkspace, setupOwner, type SignedIn } from '../helpers/factories';
import { createClient, put } from '../helpers/clients';

type Cluster = { id: string; score: number; size: number; clients: { id: string; displayName: string; emails: string[]; phones: string[] }[]; pairs: { clientIds: [string, string]; score: number; reasons: { rule: string; text: string; similarity?: number }[] }[] };

describe('duplicate scoring', () => {
  it('Jaro-Winkler and names: accents, order and typos', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3);
    expect(nameSimilarity('José Hernández', 'jose hernandez')).toBe(1);
    expect(nameSimilarity('Smith, John', 'John Smith')).toBe(1);
    expect(nameSimilarity('Jonathan Smith', 'Jonathon Smith')).toBeGreaterThan(0.9);
    expect(nameSimilarity('Jonathan Smith', 'Maria Garcia')).toBeLessThan(0.6);
    // A shared first name does not carry two different surnames.
    expect(nameSimilarity('Anna Köhler', 'Anna Fischer')).toBeLessThan(0.85);
    expect(nameSimilarity('Björn Fischer', 'Björn Schneider')).toBeLessThan(0.85);
    expect(nameSimilarity('John Paul Smith', 'John Smith')).toBe(1);
    expect(nameSimilarity('Martín Martínez', 'Martín Jiménez')).toBeLessThan(0.85);
    expect(nameSimilarity('William Williams', 'Williams Cleaning GmbH')).toBeLessThan(0.85);
    expect(canonicalEmail(' Ann.Lee+crm@GoogleMail.com ')).toBe('annlee@gmail.com');
    expect(canonicalEmail('ann.lee+x@example.com')).toBe('ann.lee@example.com');
  });
});

for (const dialect of DIALECTS) {
  describeDialect(dialect, () => {
    const t = useTestApp(dialect);
    let owner: SignedIn;
    beforeAll(async () => {
      owner = await setupOwner(t.app);
    });

    const list = async (as: string, query = '') => {
      const res = await call(t.app, 'GET', `/api/v1/duplicates${query}`, { as });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { data: Cluster[]; nextCursor: string | null; total: number };
    };
    const scan = async (as: string) => {
      const res = await call(t.app, 'POST', '/api/v1/duplicates/scan', { as });
      expect(res.statusCode, res.body).toBe(202);
      while ((await runNextJob(t.db)) !== null) {
        // run every queued job
      }
      const job = await call(t.app, 'GET', `/api/v1/jobs/${res.json().jobId}`, { as });
      expect(job.json()).toMatchObject({ status: 'completed' });
      return job.json().result as { pairs: number; clusters: number };
    };
    const pairOf = (clusters: Cluster[], x: string, y: string) =>
      clusters.flatMap((c) => c.pairs).find((p) => p.clientIds.includes(x) && p.clientIds.includes(y));
    const lyon = [{ kind: 'primary', city: 'Lyon', country: 'FR' }];

    it('a scan finds the same phone, the same mailbox and similar names in one city, with scores and reasons; blocking keeps other cities apart', async () => {
      const ws = await isolatedWorkspace(t.app, owner);
      // Nothing passes while the threshold is 100: the clients go in without pairs, then the scan finds them.
      expect((await put(t.app, '/api/v1/settings/duplicates', ws.cookie, { threshold: 100 })).statusCode).toBe(200);
      const phoneA = await createClient(t.app, ws.cookie, { firstName: 'Maria', lastName: 'Garcia', phone: '+14155550101' });
      const phoneB = await createClient(t.app, ws.cookie, { firstName: 'Mario', lastName: 'Garcia', phone: '+1 415 555 0101' });
      const mailA = await createClient(t.app, ws.cookie, { firstName: 'Ann', lastName: 'Lee', email: 'ann.lee+crm@gmail.com' });
      const mailB = await createClient(t.app, ws.cookie, { firstName: 'Annie', lastName: 'Leigh', email: 'annlee@gmail.com' });
      const nameA = await createClient(t.app, ws.cookie, { firstName: 'Jonathan', lastName: 'Smith', addresses: lyon });
      const nameB = await createClient(t.app, ws.cookie, { firstName: 'Jonathon', lastName: 'Smith', addresses: lyon });
      const elsewhere = await createClient(t.app, ws.cookie, { firstName: 'Jonathan', lastName: 'Smith', addresses: [{ kind: 'primary', city: 'Berlin', country: 'DE' }] });
      const unrelated = await createClient(t.app, ws.cookie, { firstName: 'Zoë', lastName: 'Quimby', addresses: lyon });
      expect((await list(ws.cookie)).total).toBe(0);

      expect((await put(t.app, '/api/v1/settings/duplicates', ws.cookie, { threshold: 65 })).json()).toMatchObject({ threshold: 65 });
      expect(await scan(ws.cookie)).toEqual({ pairs: 3, clusters: 3 });
      const { data, total } = await list(ws.cookie);
      expect(total).toBe(3);
      const phone = pairOf(data, phoneA.id, phoneB.id)!;
      expect(phone.reasons.map((r) => r.text)).toEqual(['same phone', expect.stringMatching(/^names 9\d % similar$/)]);
      expect(phone.score).toBeGreaterThanOrEqual(90);
      const mail = pairOf(data, mailA.id, mailB.id)!;
      expect(mail.reasons[0]).toEqual({ rule: 'email', text: 'same e-mail' });
      expect(mail.score).toBeGreaterThanOrEqual(90);
      const name = pairOf(data, nameA.id, nameB.id)!;
      expect(name.reasons).toEqual([{ rule: 'name', text: expect.stringMatching(/^names 9\d % similar$/), similarity: expect.any(Number) }]);
      expect(name.score).toBeGreaterThanOrEqual(65);
      expect(name.score).toBeLessThan(phone.score);
      // The same name in another city is never compared (blocking), and an unlike name never proposed.
      expect(data.flatMap((c) => c.clients.map((x) => x.id))).not.toContain(elsewhere.id);
      expect(data.flatMap((c) => c.clients.map((x) => x.id))).not.toContain(unrelated.id);
      // Best first, with what the queue shows of each client.
      expect(data.map((c) => c.score)).toEqual([...data.map((c) => c.score)].sort((a, b) => b - a));
      const phoneCluster = data.find((c) => c.clients.some((x) => x.id === phoneA.id))!;
      expect(phoneCluster.clients.find((x) => x.id === phoneA.id)).toMatchObject({ displayName: 'Maria Garcia', phones: ['+14155550101'] });

      // Keyset pages: one at a time, then the end.
      const first = await list(ws.cookie, '?limit=2');
      expect(first.data).toHaveLength(2);
      const second = await list(ws.cookie, `?limit=2&cursor=${first.nextCursor}`);
      expect(second.data.map((c) => c.id)).toEqual([data[2]!.id]);
      expect(second.nextCursor).toBeNull();
      expect((await list(ws.cookie, '?minScore=91')).data.every((c) => c.score >= 91)).toBe(true);
      expectProblem(await call(t.app, 'GET', '/api/v1/duplicates?cursor=nonsense', { as: ws.cookie }), 400);
    });

    it('a scan interrupted mid-way resumes from its checkpoint and ends with the same pairs', async () => {
      const ws = await isolatedWorkspace(t.app, owner);
      expect((await put(t.app, '/api/v1/settings/duplicates', ws.cookie, { threshold: 100 })).statusCode).toBe(200);
      for (let i = 0; i < 4; i++) {
        await createClient(t.app, ws.cookie, { firstName: 'Jonathan', lastName: `Smith${'e'.repeat(i)}`, addresses: lyon });
        await createClient(t.app, ws.cookie, { firstName: 'Priya', lastName: `Patel${'l'.repeat(i)}`, phone: `+1202555017${i}` });
      }
      expect((await put(t.app, '/api/v1/settings/duplicates', ws.cookie, { threshold: 65 })).statusCode).toBe(200);
      const saved = { ...scanLimits };
      scanLimits.batch = 1;
      try {
        const res = await call(t.app, 'POST', '/api/v1/duplicates/scan', { as: ws.cookie });
        const jobId = res.json().jobId as string;
        // The worker stops at its first checkpoint (a restart): the job goes back to the queue with its state.
        expect(await runNextJob(t.db, { shouldStop: () => true })).toBe(jobId);
        const paused = await t.db.selectFrom('jobs').select(['status', 'state']).where('id', '=', jobId).executeTakeFirstOrThrow();
        expect(paused.status).toBe('queued');
        expect(paused.state).not.toBeNull();
        while ((await runNextJob(t.db)) !== null) {
          // the rest of the scan
        }
        const job = (await call(t.app, 'GET', `/api/v1/jobs/${jobId}`, { as: ws.cookie })).json();
        expect(job).toMatchObject({ status: 'completed', result: { pairs: 12, clusters: 2 } });
      } finally {
        Object.assign(scanLimits, saved);
      }
      const { data } = await list(ws.cookie);
      expect(data.map((c) => c.size)).toEqual([4, 4]);
    });

    it('a new client is checked on create: a warning names the likely duplicate with its reasons, and the pair joins its cluster', async () => {
      const ws = await isolatedWorkspace(t.app, owner);
      const a = await createClient(t.app, ws.cookie, { firstName: 'Hélène', lastName: 'Dubois', phone: '+33612345678', addresses: lyon });
      const b = await createClient(t.app, ws.cookie, { firstName: 'Helene', lastName: 'Duboit', addresses: lyon });
      expect(b.warnings).toEqual([{ code: 'possible_duplicate', clientId: a.id, message: expect.stringMatching(/^Hélène Dubois may be the same client \(names 9\d % similar; score \d+\)\.$/) }]);
      // Same phone, like name, no city: found through the phone.
      const c = await createClient(t.app, ws.cookie, { firstName: 'Helena', lastName: 'Dubois', phone: '+33 6 12 34 56 78' });
      expect(c.warnings.map((w) => w.clientId)).toEqual([a.id]);
      // Same phone alone (a household, a switchboard) stays under the threshold.
      expect((await createClient(t.app, ws.cookie, { firstName: 'Marc', lastName: 'Petit', phone: '+33612345678' })).warnings).toEqual([]);
      const { data } = await list(ws.cookie);
      // a–b (names) and a–c (phone) make one cluster of three.
      expect(data).toHaveLength(1);
      expect(data[0]).toMatchObject({ size: 3, id: [a.id, b.id, c.id].sort()[0] });
      expect(data[0]!.pairs).toHaveLength(2);
      expect(pairOf(data, a.id, c.id)!.reasons.map((r) => r.text)).toEqual(['same phone', expect.stringMatching(/^names 9\d % similar$/)]);
      // One client's page: its likely duplicates, best first.
      const mine = (await call(t.app, 'GET', `/api/v1/clients/${a.id}/duplicates`, { as: ws.cookie })).json();
      expect(mine.data.map((d: { client: { id: string } }) => d.client.id).sort()).toEqual([b.id, c.id].sort());
      expect(mine.data[0].score).toBeGreaterThanOrEqual(mine.data[1].score);
      expect(mine.data.find((d: { client: { id: string } }) => d.client.id === b.id)).toMatchObject({ client: { displayName: 'Helene Duboit' }, reasons: [{ rule: 'name' }], clusterId: data[0]!.id });
      const stranger = await isolatedWorkspace(t.app, owner);
      expectProblem(await call(t.app, 'GET', `/api/v1/clients/${a.id}/duplicates`, { as: stranger.cookie }), 404);
      // Unrelated people in the same city: no warning.
      expect((await createClient(t.app, ws.cookie, { firstName: 'Zoë', lastName: 'Quimby', addresses: lyon })).warnings).toEqual([]);
    });

    it('“Not a duplicate” hides the pair for good, also from later scans; the cluster splits', async () => {
      const ws = await isolatedWorkspace(t.app, owner);
      const a = await createClient(t.app, ws.cookie, { firstName: 'Ahmed', lastName: 'Karim', phone: '+12025550143' });
      const b = await createClient(t.app, ws.cookie, { firstName: 'Ahmad', lastName: 'Karim', phone: '+12025550143' });
      const c = await createClient(t.app, ws.cookie, { firstName: 'Ahmed', lastName: 'Karimi', phone: '+12025550143' });
      expect((await list(ws.cookie)).data[0]!.size).toBe(3);
      const res = await call(t.app, 'POST', '/api/v1/duplicates/dismiss', { as: ws.cookie, body: { clientIds: [b.id, a.id] } });
      expect(res.statusCode, res.body).toBe(204);
      let data = (await list(ws.cookie)).data;
      expect(pairOf(data, a.id, b.id)).toBeUndefined();
      expect(pairOf(data, a.id, c.id)).toBeDefined();
      await scan(ws.cookie);
      data = (await list(ws.cookie)).data;
      expect(pairOf(data, a.id, b.id)).toBeUndefined();
      expect(pairOf(data, b.id, c.id)).toBeDefined();
      expect((await auditEvents(t.app, ws.cookie, 'duplicates.dismissed'))[0]).toMatchObject({ entityId: [a.id, b.id].sort()[0] });
      // Idempotent.
      expect((await call(t.app, 'POST', '/api/v1/duplicates/dismiss', { as: ws.cookie, body: { clientIds: [a.id, b.id] } })).statusCode).toBe(204);
    });

    it('another workspace’s clients are 404 and its duplicates invisible; viewers read but cannot scan, dismiss or change rules; bad rules are 400', async () => {
      const ws = await isolatedWorkspace(t.app, owner);
      const other = await isolatedWorkspace(t.app, owner);
      const a = await createClient(t.app, other.cookie, { firstName: 'Olga', lastName: 'Ivanova', phone: '+12025550177' });
      const b = await createClient(t.app, other.cookie, { firstName: 'Olga', lastName: 'Ivanov', phone: '+12025550177' });
      const mine = await createClient(t.app, ws.cookie, { firstName: 'Olga', lastName: 'Ivanova', phone: '+12025550177' });
      expect(mine.warnings).toEqual([]);
      expect((await list(ws.cookie)).total).toBe(0);
      expect((await list(other.cookie)).total).toBe(1);
      expectProblem(await call(t.app, 'POST', '/api/v1/duplicates/dismiss', { as: ws.cookie, body: { clientIds: [a.id, b.id] } }), 404);
      expectProblem(await call(t.app, 'POST', '/api/v1/duplicates/dismiss', { as: ws.cookie, body: { clientIds: [mine.id, a.id] } }), 404);
      expect((await list(other.cookie)).total).toBe(1);

      const viewer = await addSignedInMember(t.app, ws.cookie, 'viewer');
      expect((await list(viewer.cookie)).total).toBe(0);
      expectProblem(await call(t.app, 'POST', '/api/v1/duplicates/scan', { as: viewer.cookie }), 403);
      expectProblem(await call(t.app, 'POST', '/api/v1/duplicates/dismiss', { as: viewer.cookie, body: { clientIds: [mine.id, mine.id] } }), 403);
      expectProblem(await call(t.app, 'GET', '/api/v1/settings/duplicates', { as: viewer.cookie }), 403);
      const member = await addSignedInMember(t.app, ws.cookie, 'member');
      expectProblem(await put(t.app, '/api/v1/settings/duplicates', member.cookie, { threshold: 50 }), 403);
      const manager = await addSignedInMember(t.app, ws.cookie, 'manager');
      expect((await put(t.app, '/api/v1/settings/duplicates', manager.cookie, { name: { minSimilarity: 92 } })).json()).toMatchObject({ name: { enabled: true, weight: 80, minSimilarity: 92 } });
      expect((await auditEvents(t.app, ws.cookie, 'settings.duplicates_updated'))[0]!.changes).toEqual({ 'name.minSimilarity': { before: 88, after: 92 } });
      expect((await call(t.app, 'GET', '/api/v1/settings/duplicates', { as: manager.cookie })).json()).toMatchObject({ threshold: 65, phone: { weight: 60 } });

      const paths = async (body: unknown) => expectProblem(await put(t.app, '/api/v1/settings/duplicates', ws.cookie, body), 400).errors?.map((e) => e.path);
      expect(await paths({ threshold: 0 })).toContain('threshold');
      expect(await paths({ name: { minSimilarity: 20 } })).toContain('name.minSimilarity');
      expect(await paths({ phone: { weight: 101 } })).toContain('phone.weight');
      expect(await paths({ colour: 'red' })).toEqual(['body']);
      expect(await paths({ email: { enabled: 'yes' } })).toContain('email.enabled');
      expectProblem(await call(t.app, 'POST', '/api/v1/duplicates/dismiss', { as: ws.cookie, body: { clientIds: [mine.id] } }), 400);
      expectProblem(await call(t.app, 'POST', '/api/v1/duplicates/dismiss', { as: ws.cookie, body: { clientIds: [mine.id, mine.id] } }), 400);
    });
  });
}
