// Contact stores: lookups by id and by any form of the caller's number, and clear errors for a bad file.
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Contact, InMemoryContactStore, JsonFileContactStore } from '../../src/booking/contacts.js';

let dir: string;
let n = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'contacts-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

async function file(content: unknown): Promise<string> {
  const path = join(dir, `contacts-${n++}.json`);
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

async function loadError(content: unknown): Promise<{ path: string; message: string }> {
  const path = await file(content);
  const error = await new JsonFileContactStore(path).get('x').then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return { path, message: (error as Error).message };
}

const JO: Contact = { id: 'c1', name: 'Jo Caller', email: 'jo@example.com', phone: '+1 (415) 555-0123' };
const ADA: Contact = { id: 'c2', name: 'Ada', phone: '+49 30 1234567' };
const NOPHONE: Contact = { id: 'c3', email: 'nophone@example.com' };

describe('JsonFileContactStore', () => {
  it('finds contacts by id', async () => {
    const store = new JsonFileContactStore(await file({ contacts: [JO, ADA] }));
    expect(await store.get('c1')).toEqual(JO);
    expect(await store.get('c2')).toEqual(ADA);
    expect(await store.get('nope')).toBeNull();
  });

  it.each([
    ['+14155550123', 'c1'],
    ['+1 415 555 0123', 'c1'],
    ['sip:+14155550123@pbx.example', 'c1'],
    ['tel:+49301234567', 'c2'],
    ['"Ada" <sip:+49301234567@10.0.0.1>;tag=x', 'c2'],
  ])('finds %s by number after E.164 normalisation', async (phone, id) => {
    const store = new JsonFileContactStore(await file({ contacts: [JO, ADA, NOPHONE] }));
    expect((await store.findByPhone(phone))?.id).toBe(id);
  });

  it.each(['+14155550199', '4155550123', 'sip:alice@pbx', '', 'garbage'])('finds nobody for %j', async (phone) => {
    const store = new JsonFileContactStore(await file({ contacts: [JO, ADA, NOPHONE] }));
    expect(await store.findByPhone(phone)).toBeNull();
  });

  it('reads national numbers with a default country', async () => {
    const path = await file({ contacts: [{ id: 'us', phone: '(415) 555-0123' }] });
    expect(await new JsonFileContactStore(path).findByPhone('+14155550123')).toBeNull();
    const store = new JsonFileContactStore(path, { defaultCountry: 'US' });
    expect((await store.findByPhone('+14155550123'))?.id).toBe('us');
    expect((await store.findByPhone('sip:4155550123@pbx'))?.id).toBe('us');
  });

  it('treats null fields as absent and ignores extra fields', async () => {
    const store = new JsonFileContactStore(await file({ version: 2, contacts: [{ id: 'c9', name: null, email: null, phone: null, company: 'Acme' }] }));
    expect(await store.get('c9')).toEqual({ id: 'c9' });
  });

  it('loads an empty list', async () => {
    expect(await new JsonFileContactStore(await file({ contacts: [] })).get('c1')).toBeNull();
  });

  it('keeps the first contact for a number two share', async () => {
    const store = new JsonFileContactStore(await file({ contacts: [JO, { id: 'c4', phone: '+14155550123' }] }));
    expect((await store.findByPhone('+14155550123'))?.id).toBe('c1');
  });

  it('reads the file once, on first use, and keeps it', async () => {
    const path = join(dir, 'lazy.json');
    const store = new JsonFileContactStore(path);
    await writeFile(path, JSON.stringify({ contacts: [JO] }));
    await Promise.all([store.get('c1'), store.findByPhone('+14155550123'), store.get('c1')]);
    await writeFile(path, JSON.stringify({ contacts: [ADA] }));
    expect(await store.get('c1')).toEqual(JO);
    await unlink(path);
    expect((await store.findByPhone('+14155550123'))?.id).toBe('c1');
  });

  it('tries again after a failed read, so a fixed file is picked up', async () => {
    const path = join(dir, 'later.json');
    const store = new JsonFileContactStore(path);
    await expect(store.get('c1')).rejects.toThrow(/could not be read/);
    await writeFile(path, JSON.stringify({ contacts: [JO] }));
    expect(await store.get('c1')).toEqual(JO);
  });

  it('hands out copies', async () => {
    const store = new JsonFileContactStore(await file({ contacts: [JO] }));
    const got = await store.get('c1');
    got!.email = 'changed@example.com';
    expect((await store.get('c1'))?.email).toBe(JO.email);
  });

  describe('a bad file', () => {
    it('names a missing file and the reason', async () => {
      const path = join(dir, 'missing.json');
      await expect(new JsonFileContactStore(path).get('x')).rejects.toThrow(`Contacts file ${path} could not be read (ENOENT).`);
    });

    it('names a directory given as the file', async () => {
      await expect(new JsonFileContactStore(dir).findByPhone('+14155550123')).rejects.toThrow(`Contacts file ${dir} could not be read (EISDIR).`);
    });

    it('says when it is not JSON, without quoting it', async () => {
      const { path, message } = await loadError('{"contacts": [{"id": "c1", "email": "private@example.com",]}');
      expect(message).toBe(`Contacts file ${path} is not valid JSON.`);
    });

    it.each([
      [[], '(root): Invalid input: expected object, received array'],
      [{}, 'contacts: Invalid input: expected array, received undefined'],
      [{ contacts: {} }, 'contacts: Invalid input: expected array, received object'],
      [{ contacts: [{ name: 'no id' }] }, 'contacts.0.id: Invalid input: expected string, received undefined'],
      [{ contacts: [{ id: '' }] }, 'contacts.0.id: Too small: expected string to have >=1 characters'],
      [{ contacts: [{ id: 7 }] }, 'contacts.0.id: Invalid input: expected string, received number'],
      [{ contacts: [JO, { id: 'c2', email: 42 }] }, 'contacts.1.email: Invalid input: expected string, received number'],
      [{ contacts: [JO, ADA, { id: 'c3', phone: 4155550123 }] }, 'contacts.2.phone: Invalid input: expected string, received number'],
      [{ contacts: [JO, ADA, { ...JO, name: 'dup' }] }, 'contacts.2.id: duplicate id, also used by contacts.0'],
    ])('names the field path: %j', async (content, detail) => {
      const { path, message } = await loadError(content);
      expect(message).toBe(`Contacts file ${path} is invalid: ${detail}.`);
    });

    it('never quotes personal data in the message', async () => {
      const { message } = await loadError({ contacts: [{ id: 'c1', email: 'private@example.com', phone: 14155550123, name: ['Private Name'] }] });
      expect(message).not.toMatch(/private|Private|4155550123/);
    });
  });
});

describe('InMemoryContactStore', () => {
  it('finds by id and by any form of the number', async () => {
    const store = new InMemoryContactStore([JO, ADA, NOPHONE]);
    expect(await store.get('c3')).toEqual(NOPHONE);
    expect(await store.get('zz')).toBeNull();
    expect((await store.findByPhone('sip:+14155550123@pbx'))?.id).toBe('c1');
    expect((await store.findByPhone('+49301234567'))?.id).toBe('c2');
    expect(await store.findByPhone('+15005550006')).toBeNull();
  });

  it('uses the default country for stored and asked-for numbers', async () => {
    const store = new InMemoryContactStore([{ id: 'de', phone: '030 1234567' }], { defaultCountry: 'DE' });
    expect((await store.findByPhone('+49 30 1234567'))?.id).toBe('de');
    expect((await store.findByPhone('030/1234567'))?.id).toBe('de');
  });

  it('keeps the first of two contacts with one id', async () => {
    const store = new InMemoryContactStore([JO, { id: 'c1', name: 'Other' }]);
    expect((await store.get('c1'))?.name).toBe('Jo Caller');
  });

  it('is not changed by later changes to the objects it was given, nor by changes to what it returns', async () => {
    const given = { ...JO };
    const store = new InMemoryContactStore([given]);
    given.email = 'later@example.com';
    const got = await store.get('c1');
    got!.name = 'changed';
    expect(await store.get('c1')).toEqual(JO);
  });

  it('skips a stored number it cannot read', async () => {
    const store = new InMemoryContactStore([{ id: 'x', phone: 'ask reception' }, JO]);
    expect((await store.findByPhone('+14155550123'))?.id).toBe('c1');
    expect(await store.get('x')).toEqual({ id: 'x', phone: 'ask reception' });
  });
});
