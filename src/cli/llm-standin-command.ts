// `cal-booking-action llm-standin`: a local OpenAI-compatible endpoint that answers from a script of turns.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { exposureWarning } from '../http/host-guard.js';
import { parseStandinScript, startLlmStandin } from '../llm-standin/index.js';

export async function runLlmStandin(o: { port: number; host: string; script?: string; model?: string }): Promise<void> {
  let script;
  if (o.script) {
    const text = readFileSync(o.script, 'utf8');
    try {
      script = parseStandinScript(/\.json$/i.test(o.script) ? JSON.parse(text) : parseYaml(text));
    } catch (e) {
      throw new Error(`Script ${o.script} is invalid: ${(e as Error).message}`);
    }
  }
  const standin = await startLlmStandin({ port: o.port, host: o.host, ...(script ? { script } : {}), ...(o.model ? { model: o.model } : {}) });
  // It has no admin routes, but what it records (the conversation) is readable by whoever drives it.
  const warning = exposureWarning('LLM stand-in', o.host, standin.port, 'none');
  if (warning) console.error(warning);
  console.log(`listening on ${standin.url}`);
  const stop = () => void standin.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
