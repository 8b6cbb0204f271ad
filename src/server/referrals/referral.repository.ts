import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database, ReferralTable } from '../db/schema';
import { updateWorkspaceRow, deleteWorkspaceRow } from '../db/workspace-rows';

type Db = Kysely<Database>;
export type ReferralRow = Selectable<ReferralTable>;
/** A referral with the display names of the two clients (null when not a client). */
export type ReferralWithNames = ReferralRow & { referrer_name: string | null; referred_display_name: string | null };

type Direction = 'made' | 'received' | 'both';

/** The referrals a client made, received, or both, with both clients' names. */
function selectClientReferrals(db: Db, workspaceId: string, clientId: string, direction: Direction) {
  return db
    .selectFrom('referrals as r')
    .leftJoin('clients as a', (j) => j.onRef('a.workspace_id', '=', 'r.workspace_id').onRef('a.id', '=', 'r.referrer_client_id'))
    .leftJoin('clients as b', (j) => j.onRef('b.workspace_id', '=', 'r.workspace_id').onRef('b.id', '=', 'r.referred_client_id'))
    .selectAll('r')
    .select(['a.display_name as referrer_name', 'b.display_name as referred_display_name'])
    .where('r.workspace_id', '=', workspaceId)
    .where((eb) =>
      direction === 'made'
        ? eb('r.referrer_client_id', '=', clientId)
        : direction === 'received'
          ? eb('r.referred_client_id', '=', clientId)
          : eb.or([eb('r.referrer_client_id', '=', clientId), eb('r.referred_client_id', '=', clientId)]),
    );
}

async function countClientReferrals(db: Db, workspaceId: string, clientId: string) {
  const made = await db
    .selectFrom('referrals')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('workspace_id', '=', workspaceId)
    .where('referrer_client_id', '=', clientId)
    .groupBy('status')
    .execute();
  const received = await db
    .selectFrom('referrals')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('referred_client_id', '=', clientId)
    .executeTakeFirstOrThrow();
  return { made: made.map((m) => ({ status: m.status, n: Number(m.n) })), received: Number(received.n) };
}

const findReferral = (db: Db, workspaceId: string, id: string) =>
  db
    .selectFrom('referrals as r')
    .leftJoin('clients as a', (j) => j.onRef('a.workspace_id', '=', 'r.workspace_id').onRef('a.id', '=', 'r.referrer_client_id'))
    .leftJoin('clients as b', (j) => j.onRef('b.workspace_id', '=', 'r.workspace_id').onRef('b.id', '=', 'r.referred_client_id'))
    .selectAll('r')
    .select(['a.display_name as referrer_name', 'b.display_name as referred_display_name'])
    .where('r.workspace_id', '=', workspaceId)
    .where('r.id', '=', id)
    .executeTakeFirst();

/** Another referral of the same pair (the referred was already recorded as referred by this client). */
const findPair = (db: Db, workspaceId: string, referrerId: string, referredId: string) =>
  db.selectFrom('referrals').select('id').where('workspace_id', '=', workspaceId).where('referrer_client_id', '=', referrerId).where('referred_client_id', '=', referredId).executeTakeFirst();

async function insertReferral(db: Db, row: Insertable<ReferralTable>) {
  await db.insertInto('referrals').values(row).execute();
}

const updateReferral = (db: Db, workspaceId: string, id: string, version: number, values: Updateable<ReferralTable>) =>
  updateWorkspaceRow(db, 'referrals', workspaceId, id, version, values);

async function deleteReferral(db: Db, workspaceId: string, id: string) {
  await deleteWorkspaceRow(db, 'referrals', workspaceId, id);
}

export const referralRepository = Object.freeze({ selectClientReferrals, countClientReferrals, findReferral, findPair, insertReferral, updateReferral, deleteReferral });
