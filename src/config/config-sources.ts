import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

export interface LoadConfigOptions {
  /** The environment; process.env when omitted. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** A dotenv file whose values apply where env has none; `.env` when omitted, skipped if absent. */
  readonly envFile?: string | false;
}

/**
 * The raw values the configuration is read from: the dotenv file's, overridden by the environment's;
 * an empty variable means "not set", as in most dotenv tooling. Kept apart from the zod schema so
 * `tda generate` can tell "nothing is configured" without loading zod (see src/cli/fast-config.ts).
 */
export function readConfigSources(options: LoadConfigOptions = {}): Record<string, string | undefined> {
  const env = options.env ?? process.env;
  const fileValues = options.envFile === false ? {} : readEnvFile(options.envFile ?? '.env');
  const merged: Record<string, string | undefined> = { ...fileValues };
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined) merged[key] = value;
  }
  for (const key of Object.keys(merged)) {
    if (merged[key] === '') merged[key] = undefined;
  }
  return merged;
}

function readEnvFile(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  return parseEnv(readFileSync(path, 'utf8')) as Record<string, string>;
}
