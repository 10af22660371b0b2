// Load and save the config file: zod-validated, written atomically with mode 0600 (it names the
// key files and the control plane; the key itself is a separate 0600 file).
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { AgentConfigSchema, DEFAULT_CONFIG_PATH, type AgentConfig, type AgentConfigInput } from './schema';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Config path: explicit flag, then DECNET_AGENT_CONFIG, then /etc/decnet/agent.json. */
export function configPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? env.DECNET_AGENT_CONFIG ?? DEFAULT_CONFIG_PATH;
}

export function parseConfig(input: unknown): AgentConfig {
  const r = AgentConfigSchema.safeParse(input);
  if (!r.success) throw new ConfigError(`invalid agent config:\n${z.prettifyError(r.error)}`);
  return r.data;
}

export function loadConfig(path: string): AgentConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(`cannot read agent config ${path}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConfigError(`agent config ${path} is not JSON`);
  }
  return parseConfig(json);
}

/** Load when present, else undefined (enrollment creates the file). */
export function loadConfigIfExists(path: string): AgentConfig | undefined {
  try {
    readFileSync(path);
  } catch {
    return undefined;
  }
  return loadConfig(path);
}

export function saveConfig(path: string, config: AgentConfigInput): AgentConfig {
  const parsed = parseConfig(config);
  mkdirSync(dirname(path), { recursive: true, mode: 0o750 });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(parsed, null, 2) + '\n', { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
  return parsed;
}
