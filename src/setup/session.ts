// The setup flow shared by the page (`setup`) and the terminal (`init`): connect to Cal.com (the key from the
// environment or typed in, or the built-in sandbox), read the config being edited, fill in defaults for a new
// action, validate with the config's own zod schema, preview offers, instructions and doctor, and save.
// Kept whole: each step is a few lines over the same connection and file state.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { Temporal } from 'temporal-polyfill';
import writeFileAtomic from 'write-file-atomic';
import { parse as parseYaml } from 'yaml';
import { buildInstructions } from '../agent/instructions.js';
import { actionToolNames } from '../agent/tool-names.js';
import { loadBookingConfig, parseBookingConfig, type BookingConfig, type EventTypeRef } from '../booking/config.js';
import { previewOffer } from '../booking/offer-preview.js';
import { resolveActions, type ResolvedAction } from '../booking/resolve.js';
import { smsValues } from '../booking/sms-values.js';
import { calTarget, type CalTarget } from '../cal-target.js';
import { CalComClient } from '../calcom/client.js';
import type { Booking } from '../calcom/schemas.js';
import { explainConnectionError } from '../connection.js';
import { DEFAULT_SMS_TEMPLATE, renderSmsTemplate } from '../sms/template.js';
import { DEFAULT_AGENT_INSTRUCTIONS } from '../worker/settings.js';
import { loadCatalogue, type Catalogue, type CatalogueEntry } from './catalogue.js';
import { writeEnvKey } from './env-file.js';
import { fieldErrors, type FieldErrors } from './field-errors.js';
import { BOOKING_CONFIG_SCHEMA } from './json-schema.js';
import { writeConfigYaml, type DraftAction, type DraftEntry } from './yaml-writer.js';
import { canonicalZone, suggestZones } from './zones.js';

export type KeySource = 'environment' | 'typed' | 'sandbox';

export interface ConnectInput {
  /** A key typed by the user; without it the environment's, else (with `sandbox`) the built-in sandbox. */
  apiKey?: string | undefined;
  sandbox?: boolean | undefined;
}

export interface Connected extends Catalogue {
  source: KeySource;
  baseUrl: string;
}

export interface ActionPreview {
  displayName: string;
  tools: { slots: string; book: string };
  timeZone: string;
  status: string;
  /** What the agent would say, e.g. "Tuesday, November 24 at 10 AM". */
  phrases: Array<{ id: string; time: string; local: string }>;
  next?: string;
}

export interface Preview {
  errors: FieldErrors;
  actions: ActionPreview[];
  instructions?: string;
  sms: Array<string | null>;
}

export interface SessionOptions {
  configPath: string;
  /** CALCOM_API_KEY and CALCOM_API_URL as the process saw them. */
  env: { apiKey?: string | undefined; baseUrl?: string | undefined };
  now?: () => Temporal.Instant;
}

/** What a sample booking's location looks like: the address for in person, a number for phone, else a link. */
function sampleLocation(a: DraftAction): string {
  if (a.location === 'in-person') return a.address ?? '';
  return a.location === 'phone' ? '+14155550123' : 'https://app.cal.com/video/sample-booking';
}

export class SetupSession {
  readonly configPath: string;
  readonly #env: SessionOptions['env'];
  readonly #now: () => Temporal.Instant;
  #target: CalTarget | undefined;
  #typedKey: string | undefined;
  #connected: Connected | undefined;

  constructor(o: SessionOptions) {
    this.configPath = o.configPath;
    this.#env = o.env;
    this.#now = o.now ?? (() => Temporal.Now.instant());
  }

  get hasEnvironmentKey(): boolean {
    return Boolean(this.#env.apiKey);
  }

  get connected(): Connected | undefined {
    return this.#connected;
  }

  /** Test Connection. Throws an Error whose message says what went wrong and what to do; never contains the key. */
  async connect(input: ConnectInput): Promise<Connected> {
    const typed = input.apiKey?.trim();
    const apiKey = typed || (input.sandbox ? undefined : this.#env.apiKey);
    if (!apiKey && !input.sandbox) throw new Error('Enter a Cal.com API key (Settings → Developer → API Keys), or use the built-in sandbox.');
    const target = apiKey
      ? { client: new CalComClient({ apiKey, ...(this.#env.baseUrl ? { baseUrl: this.#env.baseUrl } : {}), maxRetries: 0 }), close: async () => {} }
      : await calTarget({ now: this.#now(), maxRetries: 0 });
    let catalogue: Catalogue;
    try {
      catalogue = await loadCatalogue(target.client);
    } catch (err) {
      await target.close();
      throw new Error(explainConnectionError(err, target.client.baseUrl).replace('and set CALCOM_API_KEY', 'and enter it here'));
    }
    await this.#target?.close();
    this.#target = target;
    this.#typedKey = typed || undefined;
    const source: KeySource = typed ? 'typed' : apiKey ? 'environment' : 'sandbox';
    this.#connected = { ...catalogue, source, baseUrl: target.client.baseUrl };
    return this.#connected;
  }

  #client(): CalComClient {
    if (!this.#target) throw new Error('Not connected: press Test Connection first.');
    return this.#target.client;
  }

  #entry(id: number): CatalogueEntry | undefined {
    return this.#connected?.eventTypes.find((e) => e.id === id);
  }

  /** A new action for an event type with the product's defaults; the zone is the browser's when it sent one. */
  defaults(eventTypeId: number, browserZone?: string): DraftAction {
    const et = this.#entry(eventTypeId);
    const location = et?.locations.find((l) => l.offered)?.kind ?? 'cal-video';
    return {
      eventType: eventTypeId,
      location,
      ...(location === 'in-person' ? { address: et?.address ?? '' } : {}),
      timeZone: (browserZone && canonicalZone(browserZone)) || this.#connected?.account.timeZone || Intl.DateTimeFormat().resolvedOptions().timeZone,
      daysAhead: 2,
      slotsPerDay: 3,
      minSpacingMinutes: 60,
      earliestDate: '',
      locale: 'en-US',
      fallbackEmail: '',
      sms: { enabled: true, template: DEFAULT_SMS_TEMPLATE },
      useSchedulingScript: true,
    };
  }

  #idOf(ref: EventTypeRef): number | undefined {
    if (typeof ref === 'number') return ref;
    if ('id' in ref) return ref.id;
    const types = this.#connected?.eventTypes ?? [];
    if ('team' in ref) return types.find((e) => e.teamSlug === ref.team && e.slug === ref.slug)?.id;
    return types.find((e) => !e.team && e.slug === ref.slug && ref.username === this.#connected?.account.username)?.id;
  }

  /** The config file being edited, as draft entries; undefined when there is none yet. Throws on an invalid file. */
  existing(): { entries: DraftEntry[]; ids: Array<number | undefined> } | undefined {
    if (!existsSync(this.configPath)) return undefined;
    const config = loadBookingConfig(this.configPath);
    const ids = config.actions.map((a) => this.#idOf(a.eventType));
    const entries = config.actions.map((a, i): DraftEntry => {
      const id = ids[i];
      const base = this.defaults(id ?? 0);
      const action: DraftAction = {
        ...base,
        eventType: id ?? 0,
        location: a.location,
        ...(a.address ? { address: a.address } : {}),
        timeZone: a.timeZone ?? '', // blank: the account's zone, as the file had it
        daysAhead: a.daysAhead,
        slotsPerDay: a.slotsPerDay,
        minSpacingMinutes: a.minSpacingMinutes,
        earliestDate: a.earliestDate ?? '',
        locale: a.locale,
        fallbackEmail: a.fallbackEmail ?? '',
        sms: { enabled: a.sms.enabled, template: a.sms.template },
        useSchedulingScript: a.useSchedulingScript,
      };
      if (a.location !== 'in-person') delete action.address;
      return { action, origin: i };
    });
    return { entries, ids };
  }

  /** Zones in their canonical spelling ("europe/berlin" → "Europe/Berlin"), as the file should have them. */
  normalize(entries: DraftEntry[]): DraftEntry[] {
    return entries.map((e) => ({ ...e, action: { ...e.action, timeZone: canonicalZone(e.action.timeZone) ?? e.action.timeZone } }));
  }

  /** The same zod schema as every command; a zone it rejects also gets a did-you-mean. */
  validate(entries: DraftEntry[]): { config?: BookingConfig; errors: FieldErrors } {
    // A blank address is a missing one, so the schema's own "required when location is in-person" is what shows.
    // A blank zone means the account's, as in the file.
    const raw = {
      actions: this.normalize(entries).map(({ action }) => ({
        ...action,
        address: action.location === 'in-person' ? action.address?.trim() || undefined : undefined,
        timeZone: action.timeZone.trim() || undefined,
      })),
    };
    try {
      return { config: parseBookingConfig(raw, this.configPath), errors: { fields: {}, general: [] } };
    } catch (err) {
      const errors = fieldErrors(err, this.configPath);
      entries.forEach(({ action }, i) => {
        const at = `actions[${i}].timeZone`;
        const said = errors.fields[at];
        const near = suggestZones(action.timeZone);
        if (said?.length && near.length && !said.some((m) => m.includes('did you mean'))) said[said.length - 1] += `; did you mean ${near.join(' or ')}?`;
      });
      return { errors };
    }
  }

  async #resolve(config: BookingConfig): Promise<{ actions?: ResolvedAction[]; errors: FieldErrors }> {
    try {
      return { actions: await resolveActions(config, this.#client(), this.configPath), errors: { fields: {}, general: [] } };
    } catch (err) {
      return { errors: fieldErrors(err, this.configPath) };
    }
  }

  /** A sample confirmation text for each action, from a booking tomorrow at 10:00 in its zone. */
  smsSamples(entries: DraftEntry[]): Array<string | null> {
    return entries.map(({ action: a }) => {
      if (!a.sms.enabled) return null;
      const zone = canonicalZone(a.timeZone) ?? this.#connected?.account.timeZone ?? 'UTC';
      const start = this.#now().toZonedDateTimeISO(zone).add({ days: 1 }).with({ hour: 10, minute: 0, second: 0, millisecond: 0, microsecond: 0, nanosecond: 0 });
      const minutes = this.#entry(a.eventType)?.lengthInMinutes ?? 30;
      const booking = { start: start.toInstant().toString(), end: start.add({ minutes }).toInstant().toString(), location: sampleLocation(a), hosts: [] } as unknown as Booking;
      const action = { config: { locale: a.locale, sms: a.sms }, timeZone: zone } as ResolvedAction;
      return renderSmsTemplate(a.sms.template, smsValues(booking, action));
    });
  }

  /** What the agent would offer now for each action (the `slots` code), the instructions, and the SMS samples. */
  async preview(entries: DraftEntry[]): Promise<Preview> {
    const sms = this.smsSamples(entries);
    const { config, errors } = this.validate(entries);
    if (!config) return { errors, actions: [], sms };
    const resolved = await this.#resolve(config);
    if (!resolved.actions) return { errors: resolved.errors, actions: [], sms };
    const now = this.#now();
    const toolNames = resolved.actions.map((a) => actionToolNames(a.toolName));
    const actions = await Promise.all(
      resolved.actions.map(async (a, i): Promise<ActionPreview> => {
        const base = { displayName: a.displayName, tools: toolNames[i]!, timeZone: a.timeZone };
        try {
          const { result, offer } = await previewOffer(this.#client(), a, now);
          return {
            ...base,
            status: result.status,
            phrases: offer.map((s) => ({ id: s.id, time: s.time, local: s.local })),
            ...('next' in result && result.status !== 'available' ? { next: `${'problem' in result ? `${String(result.problem)} ` : ''}${result.next}` } : {}),
          };
        } catch (err) {
          return { ...base, status: 'error', phrases: [], next: (err as Error).message };
        }
      }),
    );
    const instructions = buildInstructions({ userInstructions: DEFAULT_AGENT_INSTRUCTIONS, actions: resolved.actions, now, toolNames });
    return { errors, actions, instructions, sms };
  }

  /** `doctor` on the draft, line by line, with causes and fixes. */
  async doctor(entries: DraftEntry[]): Promise<{ code: number; lines: string[] }> {
    const { config, errors } = this.validate(entries);
    if (!config) return { code: 1, lines: ['✗ Booking config', ...Object.entries(errors.fields).map(([f, m]) => `    ${f}: ${m.join('; ')}`), ...errors.general] };
    const dir = mkdtempSync(join(tmpdir(), 'cal-setup-'));
    const file = join(dir, 'booking.yaml');
    writeFileSync(file, this.render(entries));
    const lines: string[] = [];
    const sandbox = this.#target && 'sandbox' in this.#target ? this.#target.sandbox : undefined;
    // Loaded on demand: doctor's instruction check pulls in LiveKit, which the page needs only for this button.
    const { runDoctor } = await import('../doctor/run.js');
    try {
      const code = await runDoctor({
        config: file,
        ...(sandbox ? { apiKey: sandbox.apiKey, baseUrl: `${sandbox.url}/v2`, testBookings: config.actions.map((_, i) => entries[i]!.action.eventType) } : {}),
        ...(this.#typedKey ? { apiKey: this.#typedKey } : {}),
        ...(!sandbox && this.#env.baseUrl ? { baseUrl: this.#env.baseUrl } : {}),
        out: (l) => lines.push(l.replaceAll(file, this.configPath)),
      });
      return { code, lines };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  /** The YAML that Save writes, keeping the existing file's comments. */
  render(entries: DraftEntry[]): string {
    entries = this.normalize(entries);
    const existing = existsSync(this.configPath) ? readFileSync(this.configPath, 'utf8') : undefined;
    let ids: Array<number | undefined> | undefined;
    try {
      ids = this.existing()?.ids;
    } catch {
      ids = undefined; // an unreadable file is refused by save(); a preview still renders
    }
    const titles = new Map((this.#connected?.eventTypes ?? []).map((e) => [e.id, e.team ? `${e.title} (${e.team}, ${e.schedulingType === 'roundRobin' ? 'round robin' : e.schedulingType})` : e.title]));
    let schemaRef = relative(dirname(this.configPath), BOOKING_CONFIG_SCHEMA).split(sep).join('/');
    if (!schemaRef.startsWith('.')) schemaRef = `./${schemaRef}`;
    return writeConfigYaml({ entries, existing, existingIds: ids, titles, schemaRef });
  }

  /** Validates (schema, then against Cal.com), writes the file atomically, and the typed key to .env when asked. */
  async save(entries: DraftEntry[], o: { writeEnv?: boolean } = {}): Promise<{ ok: true; path: string; envFile?: string } | { ok: false; errors: FieldErrors }> {
    try {
      this.existing();
    } catch (err) {
      // Its actions could not be loaded into the form, so writing would drop them.
      const why = `${(err as Error).message}\nNot overwritten, so nothing in it is lost: fix it by hand, or save to another file (--config).`;
      return { ok: false, errors: { fields: {}, general: [why] } };
    }
    const { config, errors } = this.validate(entries);
    if (!config) return { ok: false, errors };
    const resolved = await this.#resolve(config);
    if (!resolved.actions) return { ok: false, errors: resolved.errors };
    const text = this.render(entries);
    parseBookingConfig(parseYaml(text), this.configPath); // what is written must read back as what was checked
    await writeFileAtomic(this.configPath, text);
    const envFile = o.writeEnv && this.#typedKey ? writeEnvKey(join(dirname(this.configPath), '.env'), { CALCOM_API_KEY: this.#typedKey, ...(this.#env.baseUrl ? { CALCOM_API_URL: this.#env.baseUrl } : {}) }) : undefined;
    return { ok: true, path: this.configPath, ...(envFile ? { envFile } : {}) };
  }

  async close(): Promise<void> {
    await this.#target?.close();
    this.#target = undefined;
  }
}

