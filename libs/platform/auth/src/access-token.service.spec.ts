import { describe, expect, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { createHmac } from 'node:crypto';
import { AccessTokenService } from './access-token.service.js';
import { InvalidTokenError } from './auth.errors.js';

const SECRET = 'unit-test-secret-that-is-long-enough-0123456789';
const ID = '7d3c6a3e-8d0a-4a53-9a55-0a3c1b1f0b11';
const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = (): number => Math.floor(Date.now() / 1000);

function forge(header: object, payload: object, secret = SECRET, hmac: 'sha256' | 'sha512' = 'sha256'): string {
  const unsigned = `${b64(header)}.${b64(payload)}`;
  return `${unsigned}.${createHmac(hmac, secret).update(unsigned).digest('base64url')}`;
}

const claims = (extra: object = {}): object => ({ sub: ID, role: 'customer', iat: now(), exp: now() + 900, iss: 'surge', aud: 'surge-api', ...extra });
const service = new AccessTokenService(new JwtService({ secret: SECRET }));

async function rejects(token: string): Promise<void> {
  await expect(service.verify(token)).rejects.toBeInstanceOf(InvalidTokenError);
}

describe('AccessTokenService', () => {
  it('issues HS256 tokens for 15 minutes with sub, role, iat, exp, iss and aud, and verifies them', async () => {
    const { accessToken, expiresIn } = await service.issue({ id: ID, role: 'admin' });
    expect(expiresIn).toBe(900);
    const [header, payload] = accessToken.split('.').slice(0, 2).map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()));
    expect(header).toMatchObject({ alg: 'HS256', typ: 'JWT' });
    expect(payload).toMatchObject({ sub: ID, role: 'admin', iss: 'surge', aud: 'surge-api' });
    expect(payload.exp - payload.iat).toBe(900);
    await expect(service.verify(accessToken)).resolves.toEqual({ id: ID, role: 'admin' });
  });

  it('accepts a well-formed token signed with the secret', async () => {
    await expect(service.verify(forge({ alg: 'HS256', typ: 'JWT' }, claims()))).resolves.toEqual({ id: ID, role: 'customer' });
  });

  it('refuses an expired token', () => rejects(forge({ alg: 'HS256' }, claims({ iat: now() - 1000, exp: now() - 100 }))));

  it('refuses a tampered payload (role changed after signing)', async () => {
    const [h, , s] = forge({ alg: 'HS256' }, claims()).split('.');
    await rejects(`${h}.${b64(claims({ role: 'admin' }))}.${s}`);
  });

  it('refuses another algorithm: HS512 with the same secret, and alg none', async () => {
    await rejects(forge({ alg: 'HS512', typ: 'JWT' }, claims(), SECRET, 'sha512'));
    await rejects(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`);
  });

  it('refuses another secret, issuer or audience', async () => {
    await rejects(forge({ alg: 'HS256' }, claims(), 'another-secret-another-secret-another-secret'));
    await rejects(forge({ alg: 'HS256' }, claims({ iss: 'evil' })));
    await rejects(forge({ alg: 'HS256' }, claims({ aud: 'other-api' })));
  });

  it('refuses tokens without a subject or with an unknown role, and garbage', async () => {
    await rejects(forge({ alg: 'HS256' }, claims({ sub: undefined })));
    await rejects(forge({ alg: 'HS256' }, claims({ role: 'root' })));
    await rejects('not-a-jwt');
    await rejects('');
  });
});
