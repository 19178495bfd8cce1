// `cal-booking-action init`: the setup page's flow in the terminal (prompts by @clack/prompts): connect, pick event
// types, answer each action's questions with the defaults pre-filled, preview the offers, write the config.
import { resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import * as p from '@clack/prompts';
import type { Temporal } from 'temporal-polyfill';
import { ActionConfigSchema, type LocationKind } from '../booking/config.js';
import { DEFAULT_CONFIG_FILE } from '../booking-config-file.js';
import { SPOKEN_LOCALES } from '../booking/spoken.js';
import { DEFAULT_SMS_TEMPLATE } from '../sms/template.js';
import type { CatalogueEntry } from '../setup/catalogue.js';
import { SetupSession, type Connected } from '../setup/session.js';
import type { DraftAction, DraftEntry } from '../setup/yaml-writer.js';
import { canonicalZone, zoneProblem } from '../setup/zones.js';
import { isValidTimeZone } from '../time/zones.js';

export interface InitOptions {
  config?: string | undefined;
  /** The terminal; tests pass scripted streams. */
  input?: Readable;
  output?: Writable;
  env?: { apiKey?: string | undefined; baseUrl?: string | undefined };
  /** Pins the clock (and the built-in sandbox's) for previews. */
  now?: () => Temporal.Instant;
}

class Cancelled extends Error {
  constructor(readonly reason = 'Cancelled; nothing written.') {
    super(reason);
  }
}

/** The schema's own message for one field, so the terminal and the page say the same thing. */
function fieldProblem(field: 'daysAhead' | 'slotsPerDay' | 'minSpacingMinutes' | 'earliestDate' | 'fallbackEmail' | 'address', value: unknown): string | undefined {
  const r = ActionConfigSchema.shape[field].safeParse(value);
  return r.success ? undefined : r.error.issues[0]?.message;
}

export async function runInit(o: InitOptions): Promise<number> {
  const io = { ...(o.input ? { input: o.input } : {}), ...(o.output ? { output: o.output } : {}) };
  const env = o.env ?? { apiKey: process.env['CALCOM_API_KEY'], baseUrl: process.env['CALCOM_API_URL'] };
  const session = new SetupSession({ configPath: resolve(o.config ?? DEFAULT_CONFIG_FILE), env, ...(o.now ? { now: o.now } : {}) });
  const ask: Ask = async (answer) => {
    const v = await answer;
    if (p.isCancel(v)) throw new Cancelled();
    return v as never;
  };
  const int = async (message: string, field: 'daysAhead' | 'slotsPerDay' | 'minSpacingMinutes', initial: number) =>
    Number(
      await ask(
        p.text({ ...io, message, placeholder: String(initial), defaultValue: String(initial), validate: (v) => (v ? fieldProblem(field, Number(v)) : undefined) }),
      ),
    );

  try {
    p.intro('cal-booking-action init: booking actions for your voice agent', io);
    const connected = await connect(session, ask, io);
    p.note(`${connected.account.name} (${connected.account.username}), time zone ${connected.account.timeZone}, ${connected.account.eventTypeCount} event types`, 'Connected', io);
    if (!connected.eventTypes.length) {
      p.cancel('No event types in this account: create one in Cal.com (Event Types → New), then run init again.', io);
      return 1;
    }
    const picked = await ask(
      p.multiselect({
        ...io,
        message: 'Which event types should the agent book? (space to pick, enter to go on)',
        options: connected.eventTypes.map((e) => ({ value: e.id, label: e.summary, hint: facts(e) })),
        required: true,
      }),
    );
    const entries: DraftEntry[] = [];
    for (const id of picked) {
      const et = connected.eventTypes.find((e) => e.id === id)!;
      const d = session.defaults(id);
      p.log.step(`Book ${et.title}`, io);
      const location = await ask(
        p.select<LocationKind>({
          ...io,
          message: 'How is the meeting held?',
          initialValue: d.location as LocationKind,
          options: et.locations.map((l) => ({ value: l.kind, label: l.label, disabled: !l.offered, ...(l.offered ? {} : { hint: 'Meeting Platform Disabled: not offered by this event type in Cal.com' }) })),
        }),
      );
      const address =
        location === 'in-person'
          ? await ask(p.text({ ...io, message: 'Address callers are told', placeholder: et.address ?? '', defaultValue: et.address ?? '', validate: (v) => fieldProblem('address', v || et.address || '') }))
          : undefined;
      const zoneInput = await ask(
        p.text({ ...io, message: 'Time zone the times are offered in', placeholder: d.timeZone, defaultValue: d.timeZone, validate: (v) => (!v || canonicalZone(v) || isValidTimeZone(v) ? undefined : zoneProblem(v)) }),
      );
      const action: DraftAction = {
        ...d,
        location,
        ...(address !== undefined ? { address } : {}),
        timeZone: canonicalZone(zoneInput) ?? zoneInput,
        daysAhead: await int('Days ahead to offer (1–3)', 'daysAhead', d.daysAhead),
        slotsPerDay: await int('Times offered per day', 'slotsPerDay', d.slotsPerDay),
        minSpacingMinutes: await int('Minimum minutes between offered times', 'minSpacingMinutes', d.minSpacingMinutes),
        earliestDate: await ask(p.text({ ...io, message: 'Earliest date (YYYY-MM-DD, blank: from now on)', placeholder: 'blank', defaultValue: '', validate: (v) => (v ? fieldProblem('earliestDate', v) : undefined) })),
        locale: await ask(p.select({ ...io, message: 'How times are spoken', initialValue: d.locale, options: SPOKEN_LOCALES.map((l) => ({ value: l, label: l })) })),
        fallbackEmail: await ask(p.text({ ...io, message: 'Fallback email (blank: the agent always asks the caller)', placeholder: 'blank', defaultValue: '', validate: (v) => (v ? fieldProblem('fallbackEmail', v) : undefined) })),
        sms: await smsAnswers(ask, io),
        useSchedulingScript: await ask(p.confirm({ ...io, message: 'Use the prebuilt scheduling script?', initialValue: true })),
      };
      entries.push({ action });
    }

    const preview = await session.preview(entries);
    const problems = [...Object.entries(preview.errors.fields).map(([f, m]) => `${f}: ${m.join('; ')}`), ...preview.errors.general];
    if (problems.length) {
      p.cancel(`Not written; fix these and run init again:\n${problems.join('\n')}`, io);
      return 1;
    }
    for (const a of preview.actions)
      p.note(
        [`tools ${a.tools.slots}, ${a.tools.book} · ${a.timeZone}`, ...(a.phrases.length ? a.phrases.map((s) => `“${s.time}”  ${s.local}`) : [`${a.status}${a.next ? `: ${a.next}` : ''}`])].join('\n'),
        `${a.displayName} would offer now`,
        io,
      );
    const write = await ask(p.confirm({ ...io, message: `Write ${session.configPath}?`, initialValue: true }));
    if (!write) {
      p.cancel('Nothing written.', io);
      return 1;
    }
    const writeEnv = connected.source === 'typed' && (await ask(p.confirm({ ...io, message: 'Save the API key as CALCOM_API_KEY in .env beside it (mode 0600, only you can read it)?', initialValue: true })));
    const saved = await session.save(entries, { writeEnv });
    if (!saved.ok) {
      p.cancel(`Not written:\n${[...Object.entries(saved.errors.fields).map(([f, m]) => `${f}: ${m.join('; ')}`), ...saved.errors.general].join('\n')}`, io);
      return 1;
    }
    p.outro(`Wrote ${saved.path}${saved.envFile ? ` and ${saved.envFile} (mode 0600)` : ''}. Next: cal-booking-action doctor`, io);
    return 0;
  } catch (err) {
    if (err instanceof Cancelled) {
      p.cancel(err.reason, io);
      return 1;
    }
    throw err;
  } finally {
    await session.close();
  }
}

type Ask = <T>(answer: Promise<T>) => Promise<Exclude<T, symbol>>;
type Io = { input?: Readable; output?: Writable };

async function connect(session: SetupSession, ask: Ask, io: Io): Promise<Connected> {
  for (;;) {
    let input: { apiKey?: string; sandbox?: boolean };
    if (session.hasEnvironmentKey) {
      p.log.info('Using CALCOM_API_KEY from the environment.', io);
      input = {};
    } else {
      const how = await ask(
        p.select({
          ...io,
          message: 'Connect to Cal.com',
          options: [
            { value: 'key', label: 'Enter an API key', hint: 'Cal.com Settings → Developer → API Keys' },
            { value: 'sandbox', label: 'Use the built-in sandbox', hint: 'offline, its default world' },
          ],
        }),
      );
      input = how === 'sandbox' ? { sandbox: true } : { apiKey: await ask(p.password({ ...io, message: 'Cal.com API key (never written to the config file)', validate: (v) => (v?.trim() ? undefined : 'Paste the key, or press Ctrl-C') })) };
    }
    try {
      return await session.connect(input);
    } catch (err) {
      p.log.error((err as Error).message, io);
      if (session.hasEnvironmentKey) throw new Cancelled('Fix CALCOM_API_KEY (or unset it to choose the built-in sandbox), then run init again; nothing written.');
    }
  }
}

async function smsAnswers(ask: Ask, io: Io): Promise<DraftAction['sms']> {
  const enabled = await ask(p.confirm({ ...io, message: 'Text an SMS confirmation after booking?', initialValue: true }));
  if (!enabled) return { enabled, template: DEFAULT_SMS_TEMPLATE };
  const keep = await ask(p.confirm({ ...io, message: `Use the default text?\n${DEFAULT_SMS_TEMPLATE}`, initialValue: true }));
  if (keep) return { enabled, template: DEFAULT_SMS_TEMPLATE };
  const template = await ask(
    p.text({
      ...io,
      message: 'SMS text; placeholders {date} {time} {duration} {link} {location}',
      validate: (v) => {
        const r = ActionConfigSchema.shape.sms.safeParse({ enabled, template: v });
        return r.success ? undefined : r.error.issues[0]?.message;
      },
    }),
  );
  return { enabled, template };
}

function facts(e: CatalogueEntry): string {
  const offered = e.locations.filter((l) => l.offered).map((l) => l.label);
  return [`hosts: ${e.hosts.join(', ')}`, ...(e.distribution ? [`distribution: ${e.distribution}`] : []), ...(e.fixedHosts.length ? [`fixed: ${e.fixedHosts.join(', ')}`] : []), `locations: ${offered.join(', ') || 'none'}`].join(' · ');
}
