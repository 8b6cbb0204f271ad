import { describe, expect, it } from 'vitest';
import { normalizePhone } from '../../src/domain/phone';
import { clientSearchText, normalizeSearch } from '../../src/domain/searchText';
import { generateSampleClients } from '../../src/server/sample/sample.generator';

describe('sample data generator', () => {
  const clients = [...generateSampleClients(400, { seed: 7, now: Date.UTC(2026, 10, 29) })];

  it('is deterministic for a seed', () => {
    const again = [...generateSampleClients(400, { seed: 7, now: Date.UTC(2026, 10, 29) })];
    expect(again).toEqual(clients);
    expect([...generateSampleClients(5, { seed: 8, now: Date.UTC(2026, 10, 29) })][0]!.displayName).toBeDefined();
  });

  it('makes valid phones, unique e-mails and the search_text the client service computes', () => {
    expect(new Set(clients.map((c) => c.emailNormalized)).size).toBe(clients.length);
    for (const c of clients) {
      const phone = normalizePhone(c.phone, c.address.country);
      expect(phone, c.phone).toMatchObject({ ok: true, e164: c.phone });
      expect(c.searchText).toBe(clientSearchText({ firstName: c.firstName, lastName: c.lastName, companyName: c.companyName, displayName: c.displayName, emails: [c.email], phones: [c.phone] }));
      expect(c.sortName).toBe(normalizeSearch(c.displayName));
    }
  });

  it('has non-ASCII names, both kinds of client and every status', () => {
    const names = clients.map((c) => c.displayName).join(' ');
    expect(names).toMatch(/[áéíóúëøłễ]/);
    expect(new Set(clients.map((c) => c.type))).toEqual(new Set(['individual', 'business']));
    expect(new Set(clients.map((c) => c.status)).size).toBe(6);
  });
});
