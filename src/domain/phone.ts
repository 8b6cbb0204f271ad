import { parsePhoneNumberWithError, type CountryCode } from 'libphonenumber-js';

/** What a phone field may contain before parsing: digits and the usual punctuation, no letters. */
const PHONE_CHARS = /^[0-9+\-().\s/]+$/;

/** `national`: the national number's digits, which search stores beside the E.164 digits. */
export type PhoneResult = { ok: true; e164: string; national: string } | { ok: false; message: string };

/**
 * Normalises a phone number to E.164. A number without a country code is read in
 * `defaultCountry` (ISO alpha-2, the workspace setting or the address's country).
 * Strict: letters are refused (libphonenumber would read 1-800-FLOWERS as digits), and the
 * number must be valid for its country — except the NANP 555 numbers films and demos use.
 */
export function normalizePhone(input: string, defaultCountry: string): PhoneResult {
  const raw = input.trim();
  if (!raw) return { ok: false, message: 'is required' };
  if (raw.length > 40) return { ok: false, message: 'must be at most 40 characters' };
  if (!PHONE_CHARS.test(raw)) return { ok: false, message: 'may contain only digits, spaces and + ( ) - . /' };
  try {
    const phone = parsePhoneNumberWithError(raw, { defaultCountry: defaultCountry.toUpperCase() as CountryCode });
    const fictional = phone.countryCallingCode === '1' && phone.nationalNumber.startsWith('555') && phone.isPossible();
    if (!phone.isValid() && !fictional) return { ok: false, message: `is not a valid phone number${raw.startsWith('+') ? '' : ` for ${defaultCountry.toUpperCase()}`}` };
    return { ok: true, e164: phone.number, national: phone.nationalNumber };
  } catch {
    return { ok: false, message: 'is not a phone number' };
  }
}

/**
 * The digits of an E.164 number without the +, and of its national number (for search).
 * `knownNational` (from normalizePhone) spares parsing the number a second time.
 */
export function phoneDigitVariants(e164: string, knownNational?: string): string[] {
  const digits = e164.replace(/\D/g, '');
  try {
    const national = knownNational ?? parsePhoneNumberWithError(e164).nationalNumber;
    return national && national !== digits ? [digits, national] : [digits];
  } catch {
    return [digits];
  }
}

/** A phone for people to read: international format, e.g. +1 555 123 4567. */
export function formatPhone(e164: string): string {
  try {
    return parsePhoneNumberWithError(e164).formatInternational();
  } catch {
    return e164;
  }
}
