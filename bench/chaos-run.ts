// `npm run chaos`: the fault campaign at full size (CHAOS_CONVERSATIONS, default 10,000), printed as a table.
import { INTEGRITY_COUNTS, FAULT_MIX, runChaos } from './chaos.js';

const conversations = Number(process.env.CHAOS_CONVERSATIONS ?? 10_000);
const concurrency = Number(process.env.CHAOS_CONCURRENCY ?? 100);
console.log(`chaos: ${conversations} conversations, ${concurrency} at once, fault mix ${JSON.stringify(FAULT_MIX)}`);
const r = await runChaos({ conversations, concurrency, seed: Number(process.env.CHAOS_SEED ?? 1), maxMs: 25 * 60_000, log: console.log });
const { outcomes, faultsInjected, ...counts } = r;
console.log('\noutcomes told to callers:', JSON.stringify(outcomes));
console.log('faults injected:', JSON.stringify(faultsInjected));
for (const [k, v] of Object.entries(counts)) console.log(`${INTEGRITY_COUNTS.includes(k as never) ? (v === 0 ? '✓' : '✗') : ' '} ${k.padEnd(24)} ${v}`);
const bad: string[] = INTEGRITY_COUNTS.filter((k) => r[k] !== 0);
// A run where nothing got booked proves nothing.
if (r.bookings === 0) bad.push('bookings (none were made)');
console.log(bad.length ? `\nFAILED: ${bad.join(', ')}` : '\nevery integrity count is 0');
process.exit(bad.length ? 1 : 0);
