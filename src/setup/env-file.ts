// Writes secrets to a .env file readable only by its owner (mode 0600), replacing the variables' old lines and
// keeping every other line; the CLI reads ./.env at start without overriding the real environment.
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import writeFileAtomic from 'write-file-atomic';

export function writeEnvKey(file: string, vars: Record<string, string>): string {
  const kept = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => !Object.keys(vars).some((k) => l.startsWith(`${k}=`))) : [];
  while (kept.length && kept[kept.length - 1] === '') kept.pop();
  const lines = [...kept, ...Object.entries(vars).map(([k, v]) => `${k}=${v}`)];
  writeFileAtomic.sync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return file;
}
