// Contact records: who is calling (by their number) and what we already know about them, such as their email.
import { readFile } from 'node:fs/promises';
import type { CountryCode } from 'libphonenumber-js';
import { z } from 'zod/v4';
import { describeIssues } from '../calcom/issues.js';
import { toE164 } from '../sms/phone.js';

export interface Contact {
  id: string;
  name?: string;
  email?: string;
  phone?: string;
}

export interface ContactStore {
  get(id: string): Promise<Contact | null>;
  /** Any form `toE164` understands is matched, SIP URIs included. */
  findByPhone(e164: string): Promise<Contact | null>;
}

export interface ContactStoreOptions {
  /** The country of numbers written without a country code, e.g. "(415) 555-0123" with "US". */
  defaultCountry?: CountryCode;
}

// CRM exports write null for an empty field; it means the same as leaving the field out.
const optionalText = z.string().nullish();
const ContactsFileSchema = z
  .object({
    contacts: z.array(z.object({ id: z.string().min(1), name: optionalText, email: optionalText, phone: optionalText })),
  })
  .superRefine(({ contacts }, ctx) => {
    const firstIndex = new Map<string, number>();
    contacts.forEach(({ id }, i) => {
      const first = firstIndex.get(id);
      if (first === undefined) firstIndex.set(id, i);
      else ctx.addIssue({ code: 'custom', path: ['contacts', i, 'id'], message: `duplicate id, also used by contacts.${first}` });
    });
  });

type ContactRecord = z.infer<typeof ContactsFileSchema>['contacts'][number];

function toContact(r: ContactRecord): Contact {
  return {
    id: r.id,
    ...(r.name == null ? {} : { name: r.name }),
    ...(r.email == null ? {} : { email: r.email }),
    ...(r.phone == null ? {} : { phone: r.phone }),
  };
}

/** Lookups by id and by normalised number. Where two contacts share either, the first one wins. */
class ContactIndex {
  readonly #byId = new Map<string, Contact>();
  readonly #byPhone = new Map<string, Contact>();
  readonly #defaultCountry: CountryCode | undefined;

  constructor(contacts: readonly Contact[], defaultCountry: CountryCode | undefined) {
    this.#defaultCountry = defaultCountry;
    for (const given of contacts) {
      // A copy, so a caller changing its objects later cannot change what lookups return.
      const contact = { ...given };
      if (!this.#byId.has(contact.id)) this.#byId.set(contact.id, contact);
      const e164 = contact.phone === undefined ? null : toE164(contact.phone, defaultCountry);
      if (e164 !== null && !this.#byPhone.has(e164)) this.#byPhone.set(e164, contact);
    }
  }

  get(id: string): Contact | null {
    const found = this.#byId.get(id);
    return found ? { ...found } : null;
  }

  findByPhone(raw: string): Contact | null {
    const e164 = toE164(raw, this.#defaultCountry);
    const found = e164 === null ? undefined : this.#byPhone.get(e164);
    return found ? { ...found } : null;
  }
}

/** Messages name the file and the field but never quote its content, which is personal data. */
async function readContactsFile(path: string): Promise<Contact[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    const code = (cause as { code?: unknown }).code;
    throw new Error(`Contacts file ${path} could not be read${typeof code === 'string' ? ` (${code})` : ''}.`, { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`Contacts file ${path} is not valid JSON.`);
  }
  const parsed = ContactsFileSchema.safeParse(json);
  if (!parsed.success) throw new Error(`Contacts file ${path} is invalid: ${describeIssues(parsed.error)}.`);
  return parsed.data.contacts.map(toContact);
}

/**
 * Contacts from a JSON file of the form {"contacts": [{"id", "name"?, "email"?, "phone"?}, …]}. The file is
 * read on first use and kept; a failed read is not kept, so fixing the file and asking again works.
 */
export class JsonFileContactStore implements ContactStore {
  readonly #path: string;
  readonly #defaultCountry: CountryCode | undefined;
  #index: Promise<ContactIndex> | undefined;

  constructor(path: string, options: ContactStoreOptions = {}) {
    this.#path = path;
    this.#defaultCountry = options.defaultCountry;
  }

  async get(id: string): Promise<Contact | null> {
    return (await this.#load()).get(id);
  }

  async findByPhone(e164: string): Promise<Contact | null> {
    return (await this.#load()).findByPhone(e164);
  }

  #load(): Promise<ContactIndex> {
    if (!this.#index) {
      const loading = readContactsFile(this.#path).then((contacts) => new ContactIndex(contacts, this.#defaultCountry));
      loading.catch(() => {
        if (this.#index === loading) this.#index = undefined;
      });
      this.#index = loading;
    }
    return this.#index;
  }
}

export class InMemoryContactStore implements ContactStore {
  readonly #index: ContactIndex;

  constructor(contacts: Contact[], options: ContactStoreOptions = {}) {
    this.#index = new ContactIndex(contacts, options.defaultCountry);
  }

  async get(id: string): Promise<Contact | null> {
    return this.#index.get(id);
  }

  async findByPhone(e164: string): Promise<Contact | null> {
    return this.#index.findByPhone(e164);
  }
}
