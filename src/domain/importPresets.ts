import type { ImportMapping, ImportPreset, ImportTransform } from './import';
import { headerKey } from './importFields';

/**
 * Mappings for the export files of other CRMs and address books, as their export screens
 * name the columns. Headers are compared through headerKey, so case and punctuation do not
 * matter; a preset applied to a file maps only the headers the file has.
 */
const preset = (id: string, name: string, mapping: ImportMapping, transforms: Record<string, ImportTransform> = {}): ImportPreset => ({
  id: `builtin:${id}`, name, builtin: true, mapping, transforms, createdAt: null,
});

const lifecycleMap = { valueMap: { subscriber: 'prospect', lead: 'prospect', 'marketing qualified lead': 'prospect', 'sales qualified lead': 'prospect', opportunity: 'trial', customer: 'active', evangelist: 'active', other: 'inactive' }, trim: true };

export const builtinImportPresets: ImportPreset[] = [
  preset('hubspot', 'HubSpot (contacts export)', {
    'Record ID': 'externalId', 'First Name': 'firstName', 'Last Name': 'lastName', Email: 'email', 'Phone Number': 'phone', 'Mobile Phone Number': 'phone2',
    'Company Name': 'companyName', 'Job Title': 'occupation', 'Lifecycle Stage': 'status', 'Street Address': 'address.line1', City: 'address.city',
    'State/Region': 'address.region', 'Postal Code': 'address.postalCode', 'Country/Region': 'address.country', 'Original Source': 'referralSource', Industry: 'industry',
    'Preferred language': 'preferredLanguage',
  }, { 'Lifecycle Stage': lifecycleMap }),
  preset('salesforce', 'Salesforce (contacts report or Data Export)', {
    Id: 'externalId', 'Contact ID': 'externalId', FirstName: 'firstName', 'First Name': 'firstName', LastName: 'lastName', 'Last Name': 'lastName', Email: 'email',
    Phone: 'phone', MobilePhone: 'phone2', 'Mobile': 'phone2', 'Account Name': 'companyName', 'Account.Name': 'companyName', Title: 'occupation',
    MailingStreet: 'address.line1', 'Mailing Street': 'address.line1', MailingCity: 'address.city', 'Mailing City': 'address.city', MailingState: 'address.region',
    'Mailing State/Province': 'address.region', MailingPostalCode: 'address.postalCode', 'Mailing Zip/Postal Code': 'address.postalCode',
    MailingCountry: 'address.country', 'Mailing Country': 'address.country', Birthdate: 'dateOfBirth', LeadSource: 'referralSource', 'Lead Source': 'referralSource',
    Description: 'notes',
  }),
  preset('twenty', 'Twenty (people export)', {
    Id: 'externalId', 'Name / First Name': 'firstName', 'Name / Last Name': 'lastName', 'Name First Name': 'firstName', 'Name Last Name': 'lastName',
    'Emails / Primary Email': 'email', 'Emails Primary Email': 'email', 'Phones / Primary Phone Number': 'phone', 'Phones Primary Phone Number': 'phone',
    City: 'address.city', 'Job Title': 'occupation', 'Company / Name': 'companyName', Company: 'companyName',
  }),
  preset('google', 'Google Contacts (Google CSV)', {
    'First Name': 'firstName', 'Given Name': 'firstName', 'Last Name': 'lastName', 'Family Name': 'lastName', Name: 'fullName', Birthday: 'dateOfBirth', Notes: 'notes',
    Labels: 'tags', 'Group Membership': 'tags', 'E-mail 1 - Value': 'email', 'E-mail 2 - Value': 'email2', 'Phone 1 - Value': 'phone', 'Phone 2 - Value': 'phone2',
    'Address 1 - Street': 'address.line1', 'Address 1 - City': 'address.city', 'Address 1 - Region': 'address.region', 'Address 1 - Postal Code': 'address.postalCode',
    'Address 1 - Country': 'address.country', 'Organization Name': 'companyName', 'Organization 1 - Name': 'companyName', 'Organization Title': 'occupation',
    'Organization 1 - Title': 'occupation',
  }),
  preset('outlook', 'Outlook (contacts CSV)', {
    'First Name': 'firstName', 'Last Name': 'lastName', Company: 'companyName', 'Job Title': 'occupation', 'Business Street': 'address.line1', 'Business City': 'address.city',
    'Business State': 'address.region', 'Business Postal Code': 'address.postalCode', 'Business Country/Region': 'address.country', 'Mobile Phone': 'phone',
    'Business Phone': 'phone2', 'E-mail Address': 'email', 'E-mail 2 Address': 'email2', Birthday: 'dateOfBirth', Notes: 'notes', Categories: 'tags',
  }, { Birthday: { trim: true, dateFormat: 'MM/DD/YYYY' } }),
];

/**
 * A preset narrowed to a file's headers: each of the file's headers that the preset names
 * (by headerKey) maps to the preset's target, each target once. Returns how many matched.
 */
export function applyPreset(p: Pick<ImportPreset, 'mapping' | 'transforms'>, headers: string[]): { mapping: ImportMapping; transforms: Record<string, ImportTransform>; matches: number } {
  const byKey = new Map(Object.entries(p.mapping).map(([h, t]) => [headerKey(h), { h, t }]));
  const mapping: ImportMapping = {};
  const transforms: Record<string, ImportTransform> = {};
  const used = new Set<string>();
  for (const header of headers) {
    const hit = byKey.get(headerKey(header));
    if (!hit?.t || used.has(hit.t)) continue;
    used.add(hit.t);
    mapping[header] = hit.t;
    if (p.transforms[hit.h]) transforms[header] = p.transforms[hit.h]!;
  }
  return { mapping, transforms, matches: Object.keys(mapping).length };
}
