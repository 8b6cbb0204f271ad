import { describe, expect, it } from 'vitest';
import { suggestMapping } from '../../src/domain/importFields';
import { applyPreset, builtinImportPresets } from '../../src/domain/importPresets';
import { detectDelimiter, detectEncoding, sniffFile } from '../../src/server/imports/import.file';
import { looksLikeFormula, parseDate, readRow, splitFullName } from '../../src/server/imports/import.rows';
import { neutralise } from '../../src/server/imports/import.rejected';
import iconv from 'iconv-lite';

describe('import mapping suggestions', () => {
  it('reads headers in English, French, German, Spanish, Portuguese and Italian, whatever the case, accents and punctuation', () => {
    expect(suggestMapping(['Vorname', 'Nachname', 'E-Mail-Adresse', 'Telefon', 'PLZ', 'Stadt'])).toEqual({ Vorname: 'firstName', Nachname: 'lastName', 'E-Mail-Adresse': 'email', Telefon: 'phone', PLZ: 'address.postalCode', Stadt: 'address.city' });
    expect(suggestMapping(['Nombre', 'Apellidos', 'Correo electrónico', 'Teléfono', 'País'])).toEqual({ Nombre: 'firstName', Apellidos: 'lastName', 'Correo electrónico': 'email', Teléfono: 'phone', País: 'address.country' });
    expect(suggestMapping(['Primeiro nome', 'Sobrenome', 'Telemóvel', 'Cidade', 'Empresa'])).toEqual({ 'Primeiro nome': 'firstName', Sobrenome: 'lastName', Telemóvel: 'phone', Cidade: 'address.city', Empresa: 'companyName' });
    expect(suggestMapping(['Nome', 'Cognome', 'Città', 'Data di nascita', 'Azienda'])).toEqual({ Nome: 'firstName', Cognome: 'lastName', Città: 'address.city', 'Data di nascita': 'dateOfBirth', Azienda: 'companyName' });
    expect(suggestMapping(['FIRST_NAME', 'e-mail', 'Zip Code', 'Tier'], [{ key: 'tier', label: 'Service tier' }])).toEqual({ FIRST_NAME: 'firstName', 'e-mail': 'email', 'Zip Code': 'address.postalCode', Tier: 'custom.tier' });
    // A "Name" column beside first/last names is left for the user to decide.
    expect(suggestMapping(['Name', 'First name', 'Last name'])).toEqual({ 'First name': 'firstName', 'Last name': 'lastName' });
  });

  it('shipped presets map the headers of each export file they know', () => {
    const google = builtinImportPresets.find((p) => p.id === 'builtin:google')!;
    expect(applyPreset(google, ['Given Name', 'Family Name', 'E-mail 1 - Value', 'Phone 1 - Value', 'Unknown'])).toMatchObject({ matches: 4, mapping: { 'Given Name': 'firstName', 'Family Name': 'lastName' } });
    const outlook = builtinImportPresets.find((p) => p.id === 'builtin:outlook')!;
    expect(applyPreset(outlook, ['First Name', 'Birthday']).transforms).toEqual({ Birthday: { trim: true, dateFormat: 'MM/DD/YYYY' } });
  });
});

describe('import file sniffing', () => {
  it('detects encodings and delimiters', () => {
    expect(detectEncoding(Buffer.from('\uFEFFa,b'))).toBe('utf-8');
    expect(detectEncoding(iconv.encode('Prénom,Nom\nZoé,Faure\n', 'utf-16le'))).toBe('utf-16le');
    expect(detectEncoding(iconv.encode('Prénom,Nom\nZoé,Faure\n', 'windows-1252'))).toBe('windows-1252');
    expect(detectDelimiter('a;b;c\n1;"x;y";3\n')).toBe(';');
    expect(detectDelimiter('a\tb, c\n1\t2, 3\n')).toBe('\t');
    expect(detectDelimiter('name|city\nA|B\n')).toBe('|');
    expect(sniffFile(Buffer.from('PK\x03\x04rest'))).toMatchObject({ format: 'xlsx' });
    expect(() => sniffFile(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0]))).toThrow(/not a text file/);
  });
});

describe('import rows', () => {
  it('splits names, reads dates in the chosen format, spots formulas and neutralises them in the rejected CSV', () => {
    expect(splitFullName('García Márquez, Gabriel')).toEqual({ firstName: 'Gabriel', lastName: 'García Márquez' });
    expect(splitFullName('Mary Ann Evans')).toEqual({ firstName: 'Mary Ann', lastName: 'Evans' });
    expect(parseDate('17.05.1980', 'DD.MM.YYYY')).toBe('1980-05-17');
    expect(parseDate('05/17/1980', 'MM/DD/YYYY')).toBe('1980-05-17');
    expect(parseDate('1980-05-17', 'DD/MM/YYYY')).toBe('1980-05-17');
    expect(parseDate('31/02/1980', 'DD/MM/YYYY')).toBeNull();
    expect(parseDate('1980-05-17T10:00:00Z', undefined)).toBe('1980-05-17');
    for (const f of ['=1+1', '@SUM(A1)', '+cmd|x', '-SUM(1)']) expect(looksLikeFormula(f)).toBe(true);
    for (const f of ['+1 202 555 0143', '-5', 'Anna']) expect(looksLikeFormula(f)).toBe(false);
    expect(neutralise('=1+1')).toBe("'=1+1");
    expect(neutralise('\tx')).toBe("'\tx");
    expect(neutralise('Anna')).toBe('Anna');
  });

  it('reads a row into what it sets, collecting every bad field', () => {
    const ctx = { headers: ['Email', 'Phone', 'Status', 'Why'], mapping: { Email: 'email', Phone: 'phone', Status: 'status', Why: 'statusReason' }, transforms: {}, customFields: new Map(), defaultCountry: 'US' };
    expect(readRow([' Ada@Example.test ', '(202) 555-0143', 'ACTIVE', ''], ctx)).toMatchObject({ ok: true, draft: { emails: ['Ada@Example.test'], phones: ['+12025550143'], fields: { status: 'active' } } });
    const bad = readRow(['nope', 'abc', 'churned', ''], ctx);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors.map((e) => e.path)).toEqual(['email', 'phone', 'statusReason']);
  });
});
