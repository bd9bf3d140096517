import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppConfig } from './app-config.js';

/**
 * The token signing secret: JWT_SECRET when set; otherwise one generated once and kept in DATA_DIR
 * (or per process when DATA_DIR=memory), so dev restarts keep their sessions valid.
 */
export async function resolveJwtSecret(config: AppConfig, warn: (message: string) => void): Promise<string> {
  if (config.jwtSecret) return config.jwtSecret;
  if (config.inMemory) return randomBytes(48).toString('base64url');
  const file = join(config.dataDir, 'jwt-secret');
  try {
    const existing = (await readFile(file, 'utf8')).trim();
    if (existing.length >= 32) return existing;
  } catch {
    // first start: generate below
  }
  const secret = randomBytes(48).toString('base64url');
  await mkdir(config.dataDir, { recursive: true });
  await writeFile(file, secret, { mode: 0o600 });
  warn(`JWT_SECRET is not set: generated one and kept it in ${file}; set JWT_SECRET in production`);
  return secret;
}
