import { describe, expect, it } from 'vitest';
import { emailProblem, normalizeEmail } from '../../src/domain/email';
import { normalizePhone } from '../../src/domain/phone';
import { clientSearchText, isPhoneQuery, normalizeSearch, phoneQueryDigits } from '../../src/domain/searchText';

describe('normalizeSearch', () => {
  it('strips accents and folds letters NFKD leaves alone', () => {
    expect(normalizeSearch('Hernández')).toBe('hernandez');
    expect(normalizeSearch('Zoë')).toBe('zoe');
    expect(normalizeSearch('Straße')).toBe('strasse');
    expect(normalizeSearch('Ærø Łódź Đorđe Œuvre Þór Søren')).toBe('aero lodz dorde oeuvre thor soren');
    expect(normalizeSearch('François  Müller\t\nÅngström')).toBe('francois muller angstrom');
    expect(normalizeSearch('ＡＢＣ ﬁne')).toBe('abc fine');
  });

  it('collapses and trims whitespace, keeps digits and punctuation', () => {
    expect(normalizeSearch('  Anne-Marie   O’Neil  ')).toBe('anne-marie o’neil');
    expect(normalizeSearch('')).toBe('');
  });
});

describe('clientSearchText', () => {
  it('joins normalised names, e-mails and both forms of phone digits', () => {
    const text = clientSearchText({
      firstName: 'Zoë',
      lastName: 'Hernández',
      companyName: null,
      displayName: 'Zoë Hernández',
      emails: [{ value: 'Zoe.H@Example.COM' }],
      phones: [{ value: '+15551234567' }, '+442079460958'],
    });
    expect(text).toBe('zoe hernandez zoe hernandez zoe.h@example.com 15551234567 5551234567 442079460958 2079460958');
    expect(text).toContain(normalizeSearch('hernandez'));
  });

  it('leaves out empty parts', () => {
    expect(clientSearchText({ companyName: 'Ørsted A/S', displayName: 'Ørsted A/S' })).toBe('orsted a/s');
  });
});

describe('phone queries', () => {
  it('recognises digits with phone punctuation only', () => {
    expect(isPhoneQuery('(555) 123-45')).toBe(true);
    expect(phoneQueryDigits('(555) 123-45')).toBe('55512345');
    expect(isPhoneQuery('+44 20')).toBe(true);
    expect(isPhoneQuery('ann 555')).toBe(false);
    expect(isPhoneQuery('()-')).toBe(false);
  });
});

describe('normalizePhone', () => {
  it('reads national numbers in the default country and international ones as written', () => {
    expect(normalizePhone('(555) 123-4567', 'US')).toEqual({ ok: true, e164: '+15551234567', national: '5551234567' });
    expect(normalizePhone('020 7946 0958', 'GB')).toEqual({ ok: true, e164: '+442079460958', national: '2079460958' });
    expect(normalizePhone('+49 30 1234567', 'US')).toEqual({ ok: true, e164: '+49301234567', national: '301234567' });
  });

  it('refuses letters, short numbers and numbers invalid for the country', () => {
    expect(normalizePhone('1-800-FLOWERS', 'US').ok).toBe(false);
    expect(normalizePhone('12', 'US').ok).toBe(false);
    expect(normalizePhone('020 7946 0958', 'US').ok).toBe(false);
    expect(normalizePhone('', 'US').ok).toBe(false);
  });
});

describe('e-mail', () => {
  it('normalises by trimming and lowercasing', () => {
    expect(normalizeEmail('  Ann@Example.COM ')).toBe('ann@example.com');
  });

  it('accepts ordinary addresses and refuses ones without a dotted domain', () => {
    expect(emailProblem('ann.o+crm@mail.example.co.uk')).toBeNull();
    expect(emailProblem('ann@localhost')).toMatch(/domain/);
    expect(emailProblem('ann')).toBeTruthy();
    expect(emailProblem('ann@@example.com')).toBeTruthy();
    expect(emailProblem('ann..b@example.com')).toBeTruthy();
    expect(emailProblem('ann b@example.com')).toBeTruthy();
    expect(emailProblem('ann@exa_mple.com')).toBeTruthy();
    expect(emailProblem('ann@example.c0m')).toBeTruthy();
    expect(emailProblem(`${'a'.repeat(250)}@x.com`)).toBeTruthy();
  });
});

describe('clientSearchText with the national digits normalizePhone gave', () => {
  it('is the same text as parsing each phone again', () => {
    const inputs: [string, string][] = [['(202) 555-0123', 'US'], ['020 7946 0958', 'GB'], ['06 12 34 56 78', 'FR'], ['030 901820', 'DE'], ['06 1234 5678', 'IT'], ['+54 9 11 2345 6789', 'AR']];
    for (const [input, country] of inputs) {
      const r = normalizePhone(input, country);
      if (!r.ok) throw new Error(`${input}: ${r.message}`);
      const client = { firstName: 'Ann', phones: [{ value: r.e164 }] };
      expect(clientSearchText(client, new Map([[r.e164, r.national]])), input).toBe(clientSearchText(client));
    }
  });
});
