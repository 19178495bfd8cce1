// The setup page: connect, edit the actions, preview what the agent would offer, save. Plain ES modules with preact
// and htm (vendored, no build step); every check is the server's, so the page only shows its answers.
// Kept whole: one small component per section, sharing the state held by App.
import { h, render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import htm from 'htm';

const html = htm.bind(h);
const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

async function api(path, body) {
  const init = body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  const r = await fetch(path, init);
  const data = await r.json().catch(() => ({ error: `HTTP ${r.status}` }));
  if (!r.ok) throw new Error(data.error ?? `HTTP ${r.status}`);
  return data;
}

// Stable keys, so a moved action keeps its DOM (and the focus on its Move button) instead of swapping contents.
let lastUid = 0;
const withUid = (entry) => ({ ...entry, uid: ++lastUid });

const SCHEDULING = { personal: 'personal', roundRobin: 'round robin', collective: 'collective', managed: 'managed' };

/** The errors for one field, and the attributes that tie them to its input. */
function errorsFor(errors, path) {
  const list = errors?.fields?.[path] ?? [];
  const id = `${path.replace(/[^\w]/g, '-')}-error`;
  return { list, id, attrs: list.length ? { 'aria-invalid': 'true', 'aria-describedby': id } : {} };
}

function FieldErrors({ e }) {
  return e.list.length ? html`<p class="error" id=${e.id}>${e.list.join(' ')}</p>` : null;
}

function Connect({ state, onConnected }) {
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const run = async (body) => {
    setBusy(true);
    setError(null);
    try {
      onConnected(await api('/api/connect', body));
      setKey('');
    } catch (e) {
      setError(e.message);
    } finally {
      setBusy(false);
    }
  };
  const c = state.connected;
  const where = c && { environment: 'with CALCOM_API_KEY from the environment', typed: 'with the key you entered', sandbox: 'to the built-in sandbox' }[c.source];
  const submit = (ev) => {
    ev.preventDefault();
    run(key ? { apiKey: key } : {});
  };
  return html`<section aria-labelledby="connect-h">
    <h2 id="connect-h">1. Connect to Cal.com</h2>
    <form onSubmit=${submit}>
    ${state.environmentKey
      ? html`<p>Using <code>CALCOM_API_KEY</code> from the environment.</p>`
      : html`<div class="field">
          <label for="api-key">Cal.com API key</label>
          <input id="api-key" type="password" autocomplete="off" spellcheck="false" value=${key} onInput=${(e) => setKey(e.currentTarget.value)} aria-describedby="api-key-hint" />
          <span class="hint" id="api-key-hint">Cal.com Settings → Developer → API Keys. It never goes into the config file; Save can put it in <code>.env</code>.</span>
        </div>`}
    <div class="row">
      <button id="test-connection" type="submit" disabled=${busy}>Test Connection</button>
      <button id="use-sandbox" type="button" class="secondary" disabled=${busy} onClick=${() => run({ sandbox: true })}>Use the built-in sandbox</button>
    </div>
    </form>
    <div aria-live="polite">
      ${busy ? html`<p class="meta">Connecting…</p>` : null}
      ${error ? html`<p class="error" role="alert" id="connect-error">${error}</p>` : null}
      ${c && !error
        ? html`<p class="ok" id="connect-status">✓ Connected ${where}: ${c.account.name} (${c.account.username}), time zone ${c.account.timeZone}, ${c.account.eventTypeCount} event types.</p>`
        : null}
    </div>
  </section>`;
}

function EventTypeOptions({ eventTypes }) {
  const groups = new Map();
  for (const e of eventTypes) {
    const g = e.team ? `Team: ${e.team}` : 'Personal';
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g).push(e);
  }
  return [...groups].map(([label, list]) => html`<optgroup label=${label}>${list.map((e) => html`<option value=${e.id}>${e.summary}</option>`)}</optgroup>`);
}

function EventTypeFacts({ et }) {
  if (!et) return null;
  const parts = [`${et.lengthInMinutes} min`, SCHEDULING[et.schedulingType], `host${et.hosts.length === 1 ? '' : 's'}: ${et.hosts.join(', ')}`];
  if (et.distribution) parts.push(`distribution: ${et.distribution}`);
  if (et.schedulingType === 'roundRobin') parts.push(et.fixedHosts.length ? `fixed hosts: ${et.fixedHosts.join(', ')}` : 'no fixed hosts');
  return html`<span class="meta" id=${`et-facts-${et.id}`}>${parts.join(' · ')}</span>`;
}

function ActionCard({ i, count, entry, state, errors, sms, onChange, onMove, onRemove }) {
  const a = entry.action;
  const p = `actions[${i}]`;
  const et = state.connected.eventTypes.find((e) => e.id === a.eventType);
  const template = useRef(null);
  const set = (patch) => onChange({ ...a, ...patch });
  const num = (v) => (v === '' ? null : Number(v));
  const id = (f) => `a${i}-${f}`;
  const field = (f) => errorsFor(errors, `${p}.${f}`);
  const pickType = (value) => {
    const next = state.connected.eventTypes.find((e) => e.id === Number(value));
    const keep = next?.locations.find((l) => l.kind === a.location && l.offered);
    const location = keep ? a.location : (next?.locations.find((l) => l.offered)?.kind ?? a.location);
    set({ eventType: Number(value), location, address: location === 'in-person' ? (next?.address ?? a.address ?? '') : undefined });
  };
  const insert = (name) => {
    const el = template.current;
    const at = el ? el.selectionStart : a.sms.template.length;
    const end = el ? el.selectionEnd : at;
    const text = `${a.sms.template.slice(0, at)}{${name}}${a.sms.template.slice(end)}`;
    set({ sms: { ...a.sms, template: text } });
    requestAnimationFrame(() => {
      if (!el) return;
      el.focus();
      el.selectionStart = el.selectionEnd = at + name.length + 2;
    });
  };
  const e = {
    eventType: field('eventType'), location: field('location'), address: field('address'), timeZone: field('timeZone'),
    daysAhead: field('daysAhead'), slotsPerDay: field('slotsPerDay'), minSpacingMinutes: field('minSpacingMinutes'),
    earliestDate: field('earliestDate'), locale: field('locale'), fallbackEmail: field('fallbackEmail'), template: field('sms.template'),
  };
  const title = et ? `Book ${et.title}` : 'Pick an event type';
  return html`<fieldset class="action" id=${`action-${i}`}>
    <legend>Action ${i + 1}: ${title}</legend>
    <div class="tools">
      <button class="secondary small" aria-label=${`Move action ${i + 1} up`} disabled=${i === 0} onClick=${() => onMove(i, -1)}>↑</button>
      <button class="secondary small" aria-label=${`Move action ${i + 1} down`} disabled=${i === count - 1} onClick=${() => onMove(i, 1)}>↓</button>
      <button class="secondary small" aria-label=${`Remove action ${i + 1}`} onClick=${() => onRemove(i)}>Remove</button>
    </div>
    <div class="row">
      <div class="field wide">
        <label for=${id('eventType')}>Event type</label>
        <select id=${id('eventType')} value=${String(a.eventType)} onChange=${(ev) => pickType(ev.currentTarget.value)} ...${e.eventType.attrs}>
          ${et ? null : html`<option value="0">Pick an event type…</option>`}
          <${EventTypeOptions} eventTypes=${state.connected.eventTypes} />
        </select>
        <${EventTypeFacts} et=${et} />
        <${FieldErrors} e=${e.eventType} />
      </div>
      <fieldset class="field wide locations" ...${e.location.attrs}>
        <legend>Location</legend>
        <div class="choices">
          ${(et?.locations ?? []).map(
            (l) => html`<label class=${l.offered ? '' : 'disabled'} title=${l.disabledReason ?? ''}>
              <input type="radio" name=${id('location')} value=${l.kind} checked=${a.location === l.kind} disabled=${!l.offered}
                aria-describedby=${l.offered ? undefined : id('why')}
                onChange=${() => set({ location: l.kind, address: l.kind === 'in-person' ? (a.address ?? et?.address ?? '') : undefined })} />
              ${' '}${l.label}${l.offered ? '' : ' (not offered)'}
            </label>`,
          )}
        </div>
        ${et?.locations.some((l) => !l.offered)
          ? html`<p class="why" id=${id('why')}>Greyed out: Meeting Platform Disabled. Add the platform to this event type in Cal.com (event type → Location), then Test Connection again.</p>`
          : null}
        <${FieldErrors} e=${e.location} />
      </fieldset>
      ${a.location === 'in-person'
        ? html`<div class="field wide">
            <label for=${id('address')}>Address (required for in person)</label>
            <input id=${id('address')} type="text" required value=${a.address ?? ''} onInput=${(ev) => set({ address: ev.currentTarget.value })} ...${e.address.attrs} />
            <${FieldErrors} e=${e.address} />
          </div>`
        : null}
    </div>
    <div class="row">
      <div class="field">
        <label for=${id('timeZone')}>Time zone</label>
        <input id=${id('timeZone')} type="text" list="zones" autocomplete="off" spellcheck="false" value=${a.timeZone}
          onInput=${(ev) => set({ timeZone: ev.currentTarget.value })}
          onBlur=${(ev) => {
            const typed = ev.currentTarget.value.trim().toLowerCase();
            const canonical = state.zones.find((z) => z.toLowerCase() === typed);
            if (canonical && canonical !== a.timeZone) set({ timeZone: canonical });
          }} ...${e.timeZone.attrs} />
        <span class="hint">Type to search; new actions start with this browser's zone (${browserZone}); blank: the Cal.com account's (${state.connected.account.timeZone}).</span>
        <${FieldErrors} e=${e.timeZone} />
      </div>
      <div class="field">
        <label for=${id('daysAhead')}>Days ahead (1–3)</label>
        <input id=${id('daysAhead')} type="number" min="1" max="3" step="1" value=${a.daysAhead ?? ''} onInput=${(ev) => set({ daysAhead: num(ev.currentTarget.value) })} ...${e.daysAhead.attrs} />
        <${FieldErrors} e=${e.daysAhead} />
      </div>
      <div class="field">
        <label for=${id('slotsPerDay')}>Slots per day</label>
        <input id=${id('slotsPerDay')} type="number" min="1" max="10" step="1" value=${a.slotsPerDay ?? ''} onInput=${(ev) => set({ slotsPerDay: num(ev.currentTarget.value) })} ...${e.slotsPerDay.attrs} />
        <${FieldErrors} e=${e.slotsPerDay} />
      </div>
      <div class="field">
        <label for=${id('minSpacingMinutes')}>Minimum spacing (minutes)</label>
        <input id=${id('minSpacingMinutes')} type="number" min="0" max="720" step="5" value=${a.minSpacingMinutes ?? ''} onInput=${(ev) => set({ minSpacingMinutes: num(ev.currentTarget.value) })} ...${e.minSpacingMinutes.attrs} />
        <${FieldErrors} e=${e.minSpacingMinutes} />
      </div>
      <div class="field">
        <label for=${id('earliestDate')}>Earliest date</label>
        <input id=${id('earliestDate')} type="date" value=${a.earliestDate} onInput=${(ev) => set({ earliestDate: ev.currentTarget.value })} ...${e.earliestDate.attrs} />
        <span class="hint">Blank: from now on.</span>
        <${FieldErrors} e=${e.earliestDate} />
      </div>
    </div>
    <div class="row">
      <div class="field">
        <label for=${id('locale')}>Locale</label>
        <select id=${id('locale')} value=${a.locale} onChange=${(ev) => set({ locale: ev.currentTarget.value })} ...${e.locale.attrs}>
          ${state.locales.map((l) => html`<option value=${l}>${l}</option>`)}
        </select>
        <${FieldErrors} e=${e.locale} />
      </div>
      <div class="field">
        <label for=${id('fallbackEmail')}>Fallback email</label>
        <input id=${id('fallbackEmail')} type="email" value=${a.fallbackEmail} onInput=${(ev) => set({ fallbackEmail: ev.currentTarget.value })} ...${e.fallbackEmail.attrs} />
        <span class="hint">Blank: the agent always asks the caller.</span>
        <${FieldErrors} e=${e.fallbackEmail} />
      </div>
      <div class="field">
        <label><input id=${id('useSchedulingScript')} type="checkbox" checked=${a.useSchedulingScript} onChange=${(ev) => set({ useSchedulingScript: ev.currentTarget.checked })} /> Use the prebuilt scheduling script</label>
      </div>
    </div>
    <div class="field wide">
      <label><input id=${id('smsEnabled')} type="checkbox" checked=${a.sms.enabled} onChange=${(ev) => set({ sms: { ...a.sms, enabled: ev.currentTarget.checked } })} /> Send an SMS confirmation</label>
      ${a.sms.enabled
        ? html`<label for=${id('template')}>SMS template</label>
            <div class="placeholders" role="group" aria-label="Insert a placeholder">
              ${state.placeholders.map((name) => html`<button class="secondary small" type="button" onClick=${() => insert(name)}>{${name}}</button>`)}
            </div>
            <textarea id=${id('template')} rows="4" ref=${template} value=${a.sms.template} onInput=${(ev) => set({ sms: { ...a.sms, template: ev.currentTarget.value } })} ...${e.template.attrs}></textarea>
            <${FieldErrors} e=${e.template} />
            <span class="hint">Preview from a sample booking tomorrow at 10:00:</span>
            <output class="sms" id=${id('smsPreview')} for=${id('template')}>${sms ?? ''}</output>`
        : null}
    </div>
  </fieldset>`;
}

function Actions({ state, entries, setEntries, errors, preview }) {
  const [adding, setAdding] = useState(String(state.connected.eventTypes[0]?.id ?? ''));
  const [error, setError] = useState(null);
  const add = async () => {
    try {
      const action = await api('/api/defaults', { eventType: Number(adding), browserZone });
      setEntries([...entries, withUid({ action })]);
      setError(null);
    } catch (e) {
      setError(e.message);
    }
  };
  const move = (i, d) => {
    const next = [...entries];
    [next[i], next[i + d]] = [next[i + d], next[i]];
    setEntries(next);
  };
  return html`<section aria-labelledby="actions-h">
    <h2 id="actions-h">2. Booking actions</h2>
    ${state.existingError ? html`<p class="error" role="alert">${state.existingError}</p>` : null}
    ${entries.length === 0 ? html`<p class="meta">No actions yet: pick an event type and add one.</p>` : null}
    ${entries.map(
      (entry, i) => html`<${ActionCard} key=${entry.uid} i=${i} count=${entries.length} entry=${entry} state=${state} errors=${errors} sms=${preview?.sms?.[i]}
        onChange=${(action) => setEntries(entries.map((x, j) => (j === i ? { ...x, action } : x)))}
        onMove=${move} onRemove=${(k) => setEntries(entries.filter((_, j) => j !== k))} />`,
    )}
    <div class="add">
      <div class="field">
        <label for="add-type">Event type for a new action</label>
        <select id="add-type" value=${adding} onChange=${(e) => setAdding(e.currentTarget.value)}><${EventTypeOptions} eventTypes=${state.connected.eventTypes} /></select>
      </div>
      <button id="add-action" onClick=${add}>Add action</button>
    </div>
    ${error ? html`<p class="error" role="alert">${error}</p>` : null}
    <datalist id="zones">${state.zones.map((z) => html`<option value=${z}></option>`)}</datalist>
  </section>`;
}

function Preview({ entries, preview, errors }) {
  const [doctor, setDoctor] = useState(null);
  const [busy, setBusy] = useState(false);
  const runDoctor = async () => {
    setBusy(true);
    try {
      setDoctor(await api('/api/doctor', { entries }));
    } catch (e) {
      setDoctor({ code: 1, lines: [e.message] });
    } finally {
      setBusy(false);
    }
  };
  const general = errors?.general ?? [];
  return html`<section class="preview" aria-labelledby="preview-h">
    <h2 id="preview-h">Live preview</h2>
    ${general.length ? html`<div class="error" role="alert">${general.map((g) => html`<p>${g}</p>`)}</div>` : null}
    ${preview && Object.keys(preview.errors.fields).length ? html`<p class="error">Fix the fields marked in red to see what the agent would offer.</p>` : null}
    <div id="offers" aria-live="polite">
      ${(preview?.actions ?? []).map(
        (a) => html`<article class="offer">
          <h3>${a.displayName}</h3>
          <p class="meta">Tools <code>${a.tools.slots}</code> and <code>${a.tools.book}</code> · offered in ${a.timeZone}</p>
          ${a.phrases.length
            ? html`<ul class="phrases">${a.phrases.map((s) => html`<li>“${s.time}” <span class="meta">${s.local}</span></li>`)}</ul>`
            : html`<p class="meta">${a.status}${a.next ? `: ${a.next}` : ''}</p>`}
        </article>`,
      )}
    </div>
    ${preview?.instructions
      ? html`<details><summary>The instructions fragment the agent gets</summary><pre id="instructions">${preview.instructions}</pre></details>`
      : null}
    <div class="row"><button id="run-doctor" class="secondary" disabled=${busy || entries.length === 0} onClick=${runDoctor}>Run doctor's checks</button></div>
    ${busy ? html`<p class="meta">Running doctor…</p>` : null}
    ${doctor ? html`<pre id="doctor" aria-label="doctor's checks">${doctor.lines.join('\n')}</pre>` : null}
  </section>`;
}

function Save({ state, entries, onSaved }) {
  const [writeEnv, setWriteEnv] = useState(true);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState(null);
  // "Not saved" speaks of the fields as they were; an edit makes it stale.
  useEffect(() => setResult((r) => (r?.ok ? r : null)), [entries]);
  const save = async () => {
    setBusy(true);
    try {
      const r = await api('/api/save', { entries, writeEnv: state.connected.source === 'typed' && writeEnv });
      setResult(r);
      onSaved(r);
    } catch (e) {
      setResult({ ok: false, errors: { fields: {}, general: [e.message] } });
    } finally {
      setBusy(false);
    }
  };
  return html`<section aria-labelledby="save-h">
    <h2 id="save-h">3. Save</h2>
    <p>Writes <code>${state.configPath}</code> (YAML, checked by the same schema as every command; comments are kept when it edits an existing file).</p>
    ${state.connected.source === 'typed'
      ? html`<label><input id="write-env" type="checkbox" checked=${writeEnv} onChange=${(e) => setWriteEnv(e.currentTarget.checked)} /> Also save the key as <code>CALCOM_API_KEY</code> in <code>.env</code> beside it (mode 0600, readable only by you; keep it out of git)</label>`
      : null}
    <div class="row"><button id="save" disabled=${busy || entries.length === 0} onClick=${save}>Save</button></div>
    <div aria-live="polite">
      ${result?.ok
        ? html`<p class="ok" id="save-status">✓ Saved ${result.path}${result.envFile ? ` and the key to ${result.envFile} (mode 0600)` : ''}. Next: <code>cal-booking-action doctor</code>, then <code>cal-booking-action agent dev</code>.</p>`
        : null}
      ${result && !result.ok ? html`<p class="error" role="alert" id="save-error">Not saved: fix the fields marked in red.${result.errors.general.map((g) => ` ${g}`)}</p>` : null}
    </div>
  </section>`;
}

function App() {
  const [state, setState] = useState(null);
  const [failure, setFailure] = useState(null);
  const [entries, setEntriesRaw] = useState([]);
  const [preview, setPreview] = useState(null);
  const [saveErrors, setSaveErrors] = useState(null);
  const seq = useRef(0);
  const setEntries = (next) => {
    setSaveErrors(null);
    setEntriesRaw(next);
  };
  const adopt = (s) => {
    setState(s);
    if (s.existing && entries.length === 0) setEntriesRaw(s.existing.map(withUid));
  };
  useEffect(() => {
    api('/api/state').then(adopt, (e) => setFailure(e.message));
  }, []);
  useEffect(() => {
    if (!state?.connected) return undefined;
    const timer = setTimeout(() => {
      const mine = ++seq.current;
      api('/api/preview', { entries }).then(
        (p) => mine === seq.current && setPreview(p),
        (e) => mine === seq.current && setPreview({ errors: { fields: {}, general: [e.message] }, actions: [], sms: [] }),
      );
    }, 250);
    return () => clearTimeout(timer);
  }, [entries, state?.connected]);
  if (failure) return html`<p class="error" role="alert">${failure}</p>`;
  if (!state) return html`<p>Loading…</p>`;
  const errors = saveErrors ?? preview?.errors;
  return html`<h1>Set up booking actions</h1>
    <p class="meta">Each action gives your voice agent two tools: find times and book. Nothing leaves this machine except calls to Cal.com.</p>
    <${Connect} state=${state} onConnected=${adopt} />
    ${state.connected
      ? html`<div class="layout">
          <div>
            <${Actions} state=${state} entries=${entries} setEntries=${setEntries} errors=${errors} preview=${preview} />
            <${Save} state=${state} entries=${entries} onSaved=${(r) => setSaveErrors(r.ok ? null : r.errors)} />
          </div>
          <${Preview} entries=${entries} preview=${preview} errors=${errors} />
        </div>`
      : null}`;
}

render(html`<${App} />`, document.getElementById('app'));
