import type { ImportBuiltinTarget, ImportMapping } from './import';
import { normalizeSearch } from './searchText';

/** Labels of the built-in targets, for the mapping screen. */
export const importTargetLabels: Record<ImportBuiltinTarget, string> = {
  type: 'Type (individual / business)', firstName: 'First name', lastName: 'Last name', fullName: 'Full name (split)', companyName: 'Company',
  email: 'E-mail', email2: 'Other e-mail', phone: 'Phone', phone2: 'Other phone', dateOfBirth: 'Date of birth', occupation: 'Occupation',
  industry: 'Industry', companySize: 'Company size', referralSource: 'Referral source', preferredLanguage: 'Language',
  specialRequirements: 'Special requirements', lifecycleStage: 'Lifecycle stage', status: 'Status', statusReason: 'Status reason', notes: 'Notes',
  externalId: 'External id', tags: 'Tags', 'address.line1': 'Street', 'address.line2': 'Street (line 2)', 'address.city': 'City',
  'address.region': 'State / region', 'address.postalCode': 'Postal code', 'address.country': 'Country',
  owner: 'Owner (team member e-mail or name)', 'contact.fullName': 'Contact: full name (split)', 'contact.firstName': 'Contact: first name',
  'contact.lastName': 'Contact: last name', 'contact.email': 'Contact: e-mail', 'contact.phone': 'Contact: phone', 'contact.title': 'Contact: job title',
  'contact.role': 'Contact: role (primary, secondary, emergency, reference, billing)',
};

/**
 * Header words per target in English, French, German, Spanish, Portuguese and Italian, as
 * normalizeSearch leaves them (lowercase, no accents). A header matches when its normalised
 * form, with punctuation turned into spaces, equals one of them.
 */
export const importSynonyms: Record<ImportBuiltinTarget, string[]> = {
  type: ['type', 'client type', 'customer type', 'kind', 'type de client', 'typ', 'kundentyp', 'tipo', 'tipo de cliente', 'tipo cliente'],
  firstName: ['first name', 'firstname', 'given name', 'forename', 'prenom', 'vorname', 'nombre', 'primeiro nome', 'nome proprio', 'nome'],
  lastName: ['last name', 'lastname', 'surname', 'family name', 'nom de famille', 'nom', 'nachname', 'familienname', 'apellido', 'apellidos', 'sobrenome', 'apelido', 'cognome'],
  fullName: ['name', 'full name', 'fullname', 'contact name', 'client name', 'customer name', 'display name', 'nom complet', 'vollstandiger name', 'nombre completo', 'nome completo', 'nominativo'],
  companyName: ['company', 'company name', 'organization', 'organisation', 'account name', 'business name', 'entreprise', 'societe', 'raison sociale', 'firma', 'unternehmen', 'firmenname', 'empresa', 'compania', 'azienda', 'societa', 'ragione sociale'],
  email: ['email', 'e mail', 'email address', 'e mail address', 'mail', 'courriel', 'adresse email', 'adresse e mail', 'e mail adresse', 'correo', 'correo electronico', 'correo electronico 1', 'endereco de email', 'posta elettronica', 'indirizzo email'],
  email2: ['email 2', 'other email', 'secondary email', 'second email', 'email secondaire', 'autre email', 'weitere e mail', 'otro correo', 'outro email', 'altra email'],
  phone: ['phone', 'phone number', 'telephone', 'tel', 'mobile', 'mobile phone', 'cell', 'cell phone', 'telephone number', 'numero de telephone', 'portable', 'telefon', 'telefonnummer', 'handy', 'mobiltelefon', 'telefono', 'movil', 'celular', 'telemovel', 'cellulare', 'numero di telefono'],
  phone2: ['phone 2', 'other phone', 'work phone', 'business phone', 'home phone', 'telephone 2', 'autre telephone', 'telefon 2', 'telefono 2', 'outro telefone', 'altro telefono'],
  dateOfBirth: ['date of birth', 'birthday', 'birth date', 'birthdate', 'dob', 'date de naissance', 'anniversaire', 'geburtsdatum', 'geburtstag', 'fecha de nacimiento', 'cumpleanos', 'data de nascimento', 'aniversario', 'data di nascita', 'compleanno'],
  occupation: ['occupation', 'job title', 'title', 'position', 'profession', 'metier', 'poste', 'beruf', 'position', 'berufsbezeichnung', 'ocupacion', 'cargo', 'profesion', 'profissao', 'professione', 'mansione'],
  industry: ['industry', 'sector', 'secteur', 'secteur d activite', 'branche', 'industrie', 'sector', 'industria', 'setor', 'settore'],
  companySize: ['company size', 'employees', 'number of employees', 'size', 'taille', 'effectif', 'mitarbeiter', 'unternehmensgrosse', 'tamano', 'empleados', 'tamanho', 'funcionarios', 'dimensione', 'dipendenti'],
  referralSource: ['referral source', 'source', 'lead source', 'original source', 'how did you hear', 'origine', 'source du lead', 'quelle', 'herkunft', 'fuente', 'origen', 'origem', 'fonte', 'provenienza'],
  preferredLanguage: ['language', 'preferred language', 'langue', 'sprache', 'idioma', 'lingua'],
  specialRequirements: ['special requirements', 'requirements', 'exigences', 'besondere anforderungen', 'requisitos', 'requisiti'],
  lifecycleStage: ['lifecycle stage', 'lifecycle', 'stage', 'etape', 'phase', 'etapa', 'fase'],
  status: ['status', 'client status', 'customer status', 'lead status', 'statut', 'etat', 'estado', 'estatus', 'situacao', 'stato'],
  statusReason: ['status reason', 'churn reason', 'reason', 'raison', 'grund', 'motivo', 'razon'],
  notes: ['notes', 'note', 'comments', 'comment', 'description', 'remarks', 'commentaires', 'remarques', 'notizen', 'bemerkungen', 'kommentar', 'notas', 'comentarios', 'observaciones', 'observacoes', 'note', 'commenti'],
  externalId: ['id', 'external id', 'record id', 'contact id', 'customer id', 'client id', 'identifiant', 'kundennummer', 'kunden id', 'id externo', 'id cliente', 'codigo', 'codice', 'codice cliente'],
  tags: ['tags', 'tag', 'labels', 'label', 'categories', 'groups', 'etiquettes', 'schlagworter', 'etiketten', 'etiquetas', 'tag', 'etichette'],
  'address.line1': ['address', 'street', 'street address', 'address line 1', 'address 1', 'adresse', 'rue', 'strasse', 'anschrift', 'direccion', 'calle', 'endereco', 'rua', 'indirizzo', 'via'],
  'address.line2': ['address line 2', 'address 2', 'street 2', 'complement d adresse', 'adresszusatz', 'direccion 2', 'complemento', 'indirizzo 2'],
  'address.city': ['city', 'town', 'ville', 'commune', 'stadt', 'ort', 'ciudad', 'localidad', 'cidade', 'citta', 'comune', 'localita'],
  'address.region': ['state', 'region', 'province', 'county', 'state region', 'departement', 'bundesland', 'provincia', 'estado', 'regiao', 'regione'],
  'address.postalCode': ['postal code', 'postcode', 'zip', 'zip code', 'code postal', 'cp', 'plz', 'postleitzahl', 'codigo postal', 'cep', 'cap', 'codice postale'],
  'address.country': ['country', 'country code', 'pays', 'land', 'pais', 'paese', 'nazione'],
  owner: ['owner', 'client owner', 'account owner', 'contact owner', 'record owner', 'assigned to', 'sales rep', 'responsable', 'proprietaire', 'charge de compte', 'verantwortlich', 'betreuer', 'besitzer', 'propietario', 'responsavel', 'proprietario', 'responsabile'],
  'contact.fullName': ['contact person', 'contact full name', 'primary contact', 'main contact', 'personne de contact', 'interlocuteur', 'ansprechpartner', 'kontaktperson', 'persona de contacto', 'pessoa de contato', 'pessoa de contacto', 'referente', 'persona di riferimento'],
  'contact.firstName': ['contact first name', 'contact firstname', 'prenom du contact', 'vorname ansprechpartner', 'nombre del contacto', 'nome do contato', 'nome del referente'],
  'contact.lastName': ['contact last name', 'contact lastname', 'contact surname', 'nom du contact', 'nachname ansprechpartner', 'apellido del contacto', 'sobrenome do contato', 'cognome del referente'],
  'contact.email': ['contact email', 'contact e mail', 'contact email address', 'email du contact', 'courriel du contact', 'e mail ansprechpartner', 'correo del contacto', 'email do contato', 'email del referente'],
  'contact.phone': ['contact phone', 'contact phone number', 'contact mobile', 'telephone du contact', 'telefon ansprechpartner', 'telefono del contacto', 'telefone do contato', 'telefono del referente'],
  'contact.title': ['contact title', 'contact job title', 'contact position', 'fonction du contact', 'position ansprechpartner', 'cargo del contacto', 'cargo do contato', 'ruolo del referente'],
  'contact.role': ['contact role', 'contact type', 'role du contact', 'rolle ansprechpartner', 'rol del contacto', 'papel do contato'],
};

/** A header as compared with the synonyms: accents, case and punctuation gone. */
export const headerKey = (header: string): string => normalizeSearch(header.replace(/[_\-./:()#*]+/g, ' '));

const synonymIndex = new Map<string, ImportBuiltinTarget>();
for (const [target, words] of Object.entries(importSynonyms) as [ImportBuiltinTarget, string[]][]) {
  // Earlier targets win a word two lists share (e.g. "nom" → lastName before fullName).
  for (const w of words) if (!synonymIndex.has(w)) synonymIndex.set(w, target);
}

/**
 * A suggested mapping: each header whose words name a target (or a custom field's key or
 * label) maps to it; each target is given once, to the first such column. When a file has a
 * "name" column beside first/last name columns, the name column is left out.
 */
export function suggestMapping(headers: string[], customFields: { key: string; label: string }[] = []): ImportMapping {
  const custom = new Map<string, string>();
  for (const f of customFields) {
    custom.set(headerKey(f.key), `custom.${f.key}`);
    custom.set(headerKey(f.label), `custom.${f.key}`);
  }
  const mapping: ImportMapping = {};
  const used = new Set<string>();
  for (const header of headers) {
    const key = headerKey(header);
    const target = custom.get(key) ?? synonymIndex.get(key) ?? null;
    if (target && !used.has(target)) {
      mapping[header] = target;
      used.add(target);
    }
  }
  if (used.has('fullName') && (used.has('firstName') || used.has('lastName'))) {
    for (const [h, t] of Object.entries(mapping)) if (t === 'fullName') delete mapping[h];
  }
  return mapping;
}
