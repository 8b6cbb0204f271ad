import { v7 } from 'uuid';
import { normalizeSearch } from '../../domain/searchText';

/**
 * Realistic sample clients, deterministic for a seed: individuals and businesses with names
 * from several languages (Hernández, Zoë, Søren, Łukasz, Nguyễn…), unique e-mails, valid
 * phones of their country, addresses, statuses, tags and the five sample custom fields.
 * Pure: no I/O. The writer turns these into rows exactly as the client service stores them.
 */

/** mulberry32: a small, fast, seedable PRNG (the data must be the same for the same seed). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Country = { code: string; callingCode: string; mobile: (r: () => number) => string; cities: [city: string, region: string][]; lang: string };

const digits = (r: () => number, n: number) => {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(r() * 10);
  return s;
};
const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;

// National numbers (after the country code) in ranges libphonenumber accepts as valid.
const countries: Country[] = [
  { code: 'US', callingCode: '1', lang: 'en', mobile: (r) => `${pick(r, ['212', '310', '312', '415', '512', '617', '206', '303', '305', '404'])}${2 + Math.floor(r() * 7)}${digits(r, 6)}`, cities: [['New York', 'NY'], ['Los Angeles', 'CA'], ['Chicago', 'IL'], ['San Francisco', 'CA'], ['Austin', 'TX'], ['Boston', 'MA'], ['Seattle', 'WA'], ['Denver', 'CO'], ['Miami', 'FL'], ['Atlanta', 'GA']] },
  { code: 'GB', callingCode: '44', lang: 'en', mobile: (r) => `7${pick(r, ['7', '8', '9'])}${digits(r, 8)}`, cities: [['London', 'England'], ['Manchester', 'England'], ['Edinburgh', 'Scotland'], ['Bristol', 'England'], ['Cardiff', 'Wales']] },
  { code: 'DE', callingCode: '49', lang: 'de', mobile: (r) => `151${digits(r, 8)}`, cities: [['Berlin', 'BE'], ['München', 'BY'], ['Köln', 'NW'], ['Hamburg', 'HH'], ['Düsseldorf', 'NW']] },
  { code: 'FR', callingCode: '33', lang: 'fr', mobile: (r) => `6${digits(r, 8)}`, cities: [['Paris', 'IDF'], ['Lyon', 'ARA'], ['Marseille', 'PAC'], ['Toulouse', 'OCC'], ['Nantes', 'PDL']] },
  { code: 'ES', callingCode: '34', lang: 'es', mobile: (r) => `6${digits(r, 8)}`, cities: [['Madrid', 'MD'], ['Barcelona', 'CT'], ['Sevilla', 'AN'], ['Valencia', 'VC'], ['Málaga', 'AN']] },
  { code: 'MX', callingCode: '52', lang: 'es', mobile: (r) => `55${digits(r, 8)}`, cities: [['Ciudad de México', 'CDMX'], ['Guadalajara', 'JAL'], ['Monterrey', 'NL'], ['Puebla', 'PUE']] },
  { code: 'PL', callingCode: '48', lang: 'pl', mobile: (r) => `60${digits(r, 7)}`, cities: [['Warszawa', 'MZ'], ['Kraków', 'MA'], ['Łódź', 'LD'], ['Wrocław', 'DS'], ['Gdańsk', 'PM']] },
  { code: 'DK', callingCode: '45', lang: 'da', mobile: (r) => `2${digits(r, 7)}`, cities: [['København', '84'], ['Aarhus', '82'], ['Odense', '83'], ['Aalborg', '81']] },
  { code: 'VN', callingCode: '84', lang: 'vi', mobile: (r) => `9${pick(r, ['0', '1', '3', '4', '6', '7', '8'])}${digits(r, 7)}`, cities: [['Hà Nội', 'HN'], ['Hồ Chí Minh', 'SG'], ['Đà Nẵng', 'DN'], ['Huế', 'TTH']] },
];
// Most clients of a sample workspace live in its home market.
const countryWeights = [0.45, 0.1, 0.08, 0.07, 0.08, 0.07, 0.06, 0.04, 0.05];

const firstNames: Record<string, string[]> = {
  en: ['Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'James', 'Sophia', 'William', 'Isabella', 'Benjamin', 'Mia', 'Lucas', 'Charlotte', 'Henry', 'Amelia', 'Zoë', 'Chloé', 'Renée', 'Aoife', 'Siobhán'],
  de: ['Lukas', 'Jürgen', 'Mia', 'Björn', 'Anna', 'Jörg', 'Lena', 'Maximilian', 'Käthe', 'Felix', 'Sophie', 'Günter'],
  fr: ['Léa', 'Hugo', 'Chloé', 'Louis', 'Inès', 'Gabriel', 'Zoé', 'Raphaël', 'Océane', 'François', 'Hélène', 'Noémie'],
  es: ['José', 'María', 'Sofía', 'Alejandro', 'Lucía', 'Martín', 'Valentina', 'Andrés', 'Ángel', 'Inés', 'Raúl', 'Camila'],
  pl: ['Łukasz', 'Małgorzata', 'Paweł', 'Zofia', 'Wojciech', 'Agnieszka', 'Michał', 'Katarzyna', 'Jędrzej', 'Żaneta'],
  da: ['Søren', 'Mette', 'Jens', 'Freja', 'Mads', 'Ida', 'Rasmus', 'Astrid', 'Bjørn', 'Sørine'],
  vi: ['Anh', 'Minh', 'Thảo', 'Dũng', 'Hương', 'Quang', 'Linh', 'Tuấn', 'Phương', 'Đức'],
};
const lastNames: Record<string, string[]> = {
  en: ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor', 'Thomas', 'Moore', 'Martin', 'Jackson', 'Thompson', 'White', 'Harris', 'Clark', "O'Brien", 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King'],
  de: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schäfer', 'Groß', 'Köhler', 'Hoffmann'],
  fr: ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Lefèvre', 'Moreau', 'Girard', 'Mercier', 'Bonnet', 'Fontaine', 'Rousseau'],
  es: ['Hernández', 'García', 'Rodríguez', 'López', 'Martínez', 'González', 'Pérez', 'Sánchez', 'Ramírez', 'Núñez', 'Jiménez', 'Gómez', 'Muñoz', 'Ortíz'],
  pl: ['Nowak', 'Kowalski', 'Wiśniewski', 'Wójcik', 'Kowalczyk', 'Kamiński', 'Lewandowski', 'Zieliński', 'Szymański', 'Woźniak', 'Dąbrowski'],
  da: ['Jensen', 'Nielsen', 'Hansen', 'Pedersen', 'Andersen', 'Christensen', 'Larsen', 'Sørensen', 'Rasmussen', 'Jørgensen', 'Mølgaard'],
  vi: ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ'],
};
const businessWords = ['Plumbing', 'Roofing', 'Dental', 'Landscaping', 'Bakery', 'Consulting', 'Studio', 'Logistics', 'Cleaning', 'Electric', 'Legal', 'Realty', 'Salon', 'Software', 'Architects', 'Catering', 'Fitness', 'Notary', 'Auto Repair', 'Print Shop'];
const businessSuffixes = ['LLC', 'Inc.', 'GmbH', 'S.A.', 'Sp. z o.o.', 'ApS', '& Co', 'Ltd', 'Group', ''];
const industries = ['Construction', 'Healthcare', 'Hospitality', 'Retail', 'Software', 'Real estate', 'Legal', 'Finance', 'Education', 'Manufacturing', 'Beauty', 'Transport'];
const occupations = ['Engineer', 'Teacher', 'Nurse', 'Designer', 'Accountant', 'Lawyer', 'Chef', 'Architect', 'Consultant', 'Developer', 'Pharmacist', 'Photographer', 'Retired'];
const referralSources = ['Website', 'Referral', 'Google', 'Facebook', 'Trade show', 'Cold call', 'Newsletter', 'Partner'];
const companySizes = ['1-10', '11-50', '51-200', '201-500', '500+'];
const streets = ['Main St', 'Oak Avenue', 'Calle Mayor', 'Hauptstraße', 'Rue de la Paix', 'ul. Długa', 'Vesterbrogade', 'Đường Lê Lợi', 'High Street', 'Elm Road'];
const emailDomains = ['example.com', 'mail.example.net', 'example.org', 'inbox.example.co', 'post.example.io'];

/** The sample tag vocabulary, by category. */
export const sampleTagCategories: { name: string; color: string; tags: string[] }[] = [
  { name: 'Priority', color: 'red', tags: ['VIP', 'High priority', 'Low priority'] },
  { name: 'Service type', color: 'blue', tags: ['Maintenance plan', 'One-off', 'Subscription', 'Emergency'] },
  { name: 'Language', color: 'teal', tags: ['Spanish-speaking', 'German-speaking', 'Needs interpreter'] },
  { name: 'Special needs', color: 'grape', tags: ['Wheelchair access', 'Pet in home', 'Call before visit'] },
  { name: 'Marketing', color: 'orange', tags: ['Newsletter', 'Referral partner', 'Event attendee', 'Testimonial given'] },
];
const allTags = sampleTagCategories.flatMap((c) => c.tags);
// How common each tag is: a few popular ones and a long tail.
const tagChance = allTags.map((_, i) => (i === 0 ? 0.1 : i % 5 === 0 ? 0.2 : 0.06));

/** The five sample custom fields (created in the workspace unless a field with that key exists). */
export const sampleCustomFields = [
  { key: 'budget', label: 'Annual budget', type: 'number', options: [] as string[] },
  { key: 'renewal_date', label: 'Renewal date', type: 'date', options: [] as string[] },
  { key: 'newsletter_opt_in', label: 'Newsletter opt-in', type: 'boolean', options: [] as string[] },
  { key: 'tier', label: 'Tier', type: 'select', options: ['gold', 'silver', 'bronze'] },
  { key: 'channels', label: 'Preferred channels', type: 'multiselect', options: ['email', 'phone', 'sms', 'post'] },
] as const;

const statusWeights: [string, number][] = [['active', 0.45], ['prospect', 0.2], ['trial', 0.08], ['inactive', 0.15], ['churned', 0.1], ['blacklisted', 0.02]];
const churnReasons = ['Moved to a competitor', 'Price', 'Closed the business', 'Service quality', 'No longer needed'];
const blacklistReasons = ['Unpaid invoices', 'Abusive to staff', 'Fraud attempt'];
const bands: [number, string][] = [[75, 'healthy'], [50, 'at_risk'], [0, 'critical']];

const weighted = <T>(r: () => number, items: [T, number][]): T => {
  let x = r();
  for (const [item, w] of items) {
    if ((x -= w) < 0) return item;
  }
  return items[items.length - 1]![0];
};

/** One generated client: the values the client service would store, before row encoding. */
export type SampleClient = {
  id: string;
  type: 'individual' | 'business';
  firstName: string | null;
  lastName: string | null;
  companyName: string | null;
  displayName: string;
  sortName: string;
  email: string;
  emailNormalized: string;
  phone: string;
  /** E.164 digits and national digits, as phoneDigitVariants gives them. */
  phoneDigits: string[];
  dateOfBirth: string | null;
  address: { kind: 'primary'; line1: string; city: string; region: string; postalCode: string; country: string };
  occupation: string | null;
  industry: string | null;
  companySize: string | null;
  referralSource: string | null;
  preferredLanguage: string;
  ownerId: string | null;
  lifecycleStage: string | null;
  status: string;
  statusReason: string | null;
  tags: string[];
  customFields: Record<string, unknown>;
  healthScore: number | null;
  healthBand: string | null;
  isGuest: boolean;
  lastActivityAt: string | null;
  lastOrderAt: string | null;
  createdAt: string;
  updatedAt: string;
  searchText: string;
};

const emailPart = (s: string) => normalizeSearch(s).replace(/[^a-z0-9]+/g, '');
const DAY = 86_400_000;

export type GeneratorOptions = {
  seed: number;
  /** Team members to assign as owners (about 70% of clients get one). */
  ownerIds?: readonly string[];
  /** Makes e-mails unique across several runs into one workspace. */
  emailTag?: string;
  /** "Now" for the generated dates (tests pin it). */
  now?: number;
  /**
   * Spread creation dates evenly, in order, over three years for clients numbered first …
   * first + count − 1: ids (UUIDv7, time-ordered) then ascend, so a bulk load appends to the
   * primary key instead of inserting at random. Without it, dates are random.
   */
  span?: { first: number; count: number };
};

/** Yields `count` sample clients, numbered from `start` (the number keeps e-mails unique). */
export function* generateSampleClients(count: number, options: GeneratorOptions, start = 0): Generator<SampleClient> {
  const r = prng(options.seed ^ Math.imul(start + 1, 0x9e3779b1));
  const now = options.now ?? Date.now();
  const owners = options.ownerIds ?? [];
  const tag = options.emailTag ? `.${options.emailTag}` : '';
  const random16 = () => {
    const b = new Uint8Array(16);
    for (let i = 0; i < 16; i++) b[i] = Math.floor(r() * 256);
    return b;
  };
  for (let n = start; n < start + count; n++) {
    const country = weighted(r, countries.map((c, i) => [c, countryWeights[i]!]));
    const [city, region] = pick(r, country.cities);
    const isBusiness = r() < 0.25;
    const first = pick(r, firstNames[country.lang] ?? firstNames.en!);
    const last = pick(r, lastNames[country.lang] ?? lastNames.en!);
    const companyName = isBusiness ? `${last} ${pick(r, businessWords)} ${pick(r, businessSuffixes)}`.trim() : null;
    const displayName = companyName ?? `${first} ${last}`;
    const email = isBusiness
      ? `${emailPart(first)}${tag}.${n}@${emailPart(last)}-${emailPart(companyName!.split(' ')[1] ?? 'biz')}.example.com`
      : `${emailPart(first)}.${emailPart(last)}${tag}.${n}@${pick(r, emailDomains)}`;
    const national = country.mobile(r);
    const e164 = `+${country.callingCode}${national}`;
    const e164Digits = `${country.callingCode}${national}`;
    const phoneDigits = [e164Digits, national];

    const span = options.span;
    const createdMs = span
      ? now - 3 * 365 * DAY + Math.floor(((n - span.first + r() * 0.999) / span.count) * 3 * 365 * DAY)
      : now - Math.floor(r() * 3 * 365 * DAY);
    const updatedMs = Math.min(now, createdMs + Math.floor(r() * 200 * DAY));
    const status = weighted(r, statusWeights);
    const statusReason = status === 'churned' ? pick(r, churnReasons) : status === 'blacklisted' ? pick(r, blacklistReasons) : null;
    const tags = allTags.filter((_, i) => r() < tagChance[i]!);
    const healthScore = r() < 0.7 ? Math.floor(r() * 101) : null;
    const lastOrderMs = r() < 0.4 ? createdMs + Math.floor(r() * (now - createdMs)) : null;
    const lastActivityMs = r() < 0.8 ? createdMs + Math.floor(r() * (now - createdMs)) : null;
    const customFields: Record<string, unknown> = {};
    if (r() < 0.6) customFields.budget = Math.round(r() * 500) * 100;
    if (r() < 0.5) customFields.renewal_date = new Date(now + Math.floor((r() - 0.3) * 400) * DAY).toISOString().slice(0, 10);
    if (r() < 0.7) customFields.newsletter_opt_in = r() < 0.5;
    if (r() < 0.8) customFields.tier = weighted(r, [['gold', 0.15], ['silver', 0.35], ['bronze', 0.5]]);
    if (r() < 0.5) customFields.channels = ['email', 'phone', 'sms', 'post'].filter(() => r() < 0.4);
    if (Array.isArray(customFields.channels) && customFields.channels.length === 0) delete customFields.channels;

    const firstName = isBusiness ? (r() < 0.5 ? first : null) : first;
    const lastName = isBusiness ? (firstName ? last : null) : last;
    const searchParts = [firstName, lastName, companyName, displayName].filter((v): v is string => !!v).map(normalizeSearch);
    searchParts.push(email.toLowerCase(), ...phoneDigits);
    yield {
      id: v7({ msecs: createdMs, random: random16() }),
      type: isBusiness ? 'business' : 'individual',
      firstName,
      lastName,
      companyName,
      displayName,
      sortName: normalizeSearch(displayName),
      email,
      emailNormalized: email.toLowerCase(),
      phone: e164,
      phoneDigits,
      dateOfBirth: isBusiness || r() < 0.4 ? null : new Date(Date.UTC(1950 + Math.floor(r() * 55), Math.floor(r() * 12), 1 + Math.floor(r() * 28))).toISOString().slice(0, 10),
      address: { kind: 'primary', line1: `${1 + Math.floor(r() * 250)} ${pick(r, streets)}`, city, region, postalCode: digits(r, 5), country: country.code },
      occupation: isBusiness ? null : pick(r, occupations),
      industry: isBusiness ? pick(r, industries) : null,
      companySize: isBusiness ? pick(r, companySizes) : null,
      referralSource: r() < 0.7 ? pick(r, referralSources) : null,
      preferredLanguage: country.lang,
      ownerId: owners.length && r() < 0.7 ? pick(r, owners) : null,
      lifecycleStage: r() < 0.8 ? pick(r, ['onboarding', 'growth', 'mature', 'renewal']) : null,
      status,
      statusReason,
      tags,
      customFields,
      healthScore,
      healthBand: healthScore === null ? null : bands.find(([min]) => healthScore >= min)![1],
      isGuest: lastOrderMs === null,
      lastActivityAt: lastActivityMs === null ? null : new Date(lastActivityMs).toISOString(),
      lastOrderAt: lastOrderMs === null ? null : new Date(lastOrderMs).toISOString(),
      createdAt: new Date(createdMs).toISOString(),
      updatedAt: new Date(updatedMs).toISOString(),
      searchText: [...new Set(searchParts.filter(Boolean))].join(' '),
    };
  }
}
