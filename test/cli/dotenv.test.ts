// .env in the working folder fills in what the environment lacks and never overrides it.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDotEnv } from '../../src/cli/dotenv.js';

const dirWith = (text: string) => {
  const dir = mkdtempSync(join(tmpdir(), 'cba-env-'));
  writeFileSync(join(dir, '.env'), text);
  return dir;
};

describe('loadDotEnv', () => {
  it('adds variables the environment lacks, quoted and commented lines as dotenv reads them', () => {
    const env: NodeJS.ProcessEnv = {};
    const added = loadDotEnv(dirWith('# keys\nCALCOM_API_KEY=cal_live_x\nAGENT_INSTRUCTIONS="Be brief. Be kind."\n\nexport OPENAI_MODEL=gpt-4.1\n'), env);
    expect(env).toEqual({ CALCOM_API_KEY: 'cal_live_x', AGENT_INSTRUCTIONS: 'Be brief. Be kind.', OPENAI_MODEL: 'gpt-4.1' });
    expect(added.sort()).toEqual(['AGENT_INSTRUCTIONS', 'CALCOM_API_KEY', 'OPENAI_MODEL']);
  });

  it('never overrides the real environment, not even an empty value', () => {
    const env: NodeJS.ProcessEnv = { CALCOM_API_KEY: 'from-shell', TWILIO_ACCOUNT_SID: '' };
    loadDotEnv(dirWith('CALCOM_API_KEY=from-file\nTWILIO_ACCOUNT_SID=ACfile\n'), env);
    expect(env).toEqual({ CALCOM_API_KEY: 'from-shell', TWILIO_ACCOUNT_SID: '' });
  });

  it('no .env is no error; an unreadable one says which file', () => {
    expect(loadDotEnv(mkdtempSync(join(tmpdir(), 'cba-env-')), {})).toEqual([]);
    const dir = mkdtempSync(join(tmpdir(), 'cba-env-'));
    mkdirSync(join(dir, '.env'));
    expect(() => loadDotEnv(dir, {})).toThrow(`Cannot read ${join(dir, '.env')}`);
  });
});
