import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AgentError } from '../../contract';

const SecretsFile = z.record(z.string(), z.string());

/**
 * A small account → value map in a 0600 file, replaced atomically. The values are whatever the
 * vault stores: sealed blobs for safeStorage, the demo's own key for the demo profile.
 */
export function secretsFile(file: string) {
  const read = (): Record<string, string> => {
    if (!fs.existsSync(file)) return {};
    let parsed: z.ZodSafeParseResult<Record<string, string>>;
    try {
      parsed = SecretsFile.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    } catch {
      throw new AgentError('VAULT_UNAVAILABLE', `The key file ${file} is damaged.`);
    }
    if (!parsed.success) throw new AgentError('VAULT_UNAVAILABLE', `The key file ${file} is damaged.`);
    return parsed.data;
  };
  const write = (data: Record<string, string>) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(data), { mode: 0o600 });
    fs.renameSync(tmp, file);
  };
  return {
    get: (account: string): string | null => read()[account] ?? null,
    set: (account: string, value: string) => write({ ...read(), [account]: value }),
    delete: (account: string): boolean => {
      const data = read();
      if (!(account in data)) return false;
      delete data[account];
      write(data);
      return true;
    },
  };
}
