import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { RefreshTokenRecord } from '../../domain/refresh-token.js';
import { RefreshTokenStore, type NewRefreshToken } from '../../ports/refresh-token.store.js';
import { RefreshTokenEntity } from './refresh-token.entity.js';

interface TokenRow {
  id: string;
  user_id: string;
  family_id: string;
  token_hash: string;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
  family_revoked?: boolean;
}

const date = (d: Date | null): Date | null => (d === null ? null : new Date(d));

const toRecord = (r: TokenRow): RefreshTokenRecord => ({
  id: r.id,
  userId: r.user_id,
  familyId: r.family_id,
  tokenHash: r.token_hash,
  expiresAt: new Date(r.expires_at),
  usedAt: date(r.used_at),
  revokedAt: date(r.revoked_at),
  familyRevoked: r.family_revoked ?? r.revoked_at !== null,
});

/** Refresh token hashes in the `users` database. */
@Injectable()
export class PgRefreshTokenStore extends RefreshTokenStore {
  constructor(@InjectRepository(RefreshTokenEntity, 'users') private readonly repo: Repository<RefreshTokenEntity>) {
    super();
  }

  async create(token: NewRefreshToken): Promise<RefreshTokenRecord> {
    const rows: TokenRow[] = await this.repo.query(
      `INSERT INTO refresh_tokens (user_id, family_id, parent_id, token_hash, expires_at)
       VALUES ($1, $2, $3, $4, $5) RETURNING *`,
      [token.userId, token.familyId, token.parentId, token.tokenHash, token.expiresAt],
    );
    return toRecord(rows[0]!);
  }

  async findByHash(tokenHash: string): Promise<RefreshTokenRecord | null> {
    const rows: TokenRow[] = await this.repo.query(
      `SELECT t.*, EXISTS (
         SELECT 1 FROM refresh_tokens f WHERE f.family_id = t.family_id AND f.revoked_at IS NOT NULL
       ) AS family_revoked
       FROM refresh_tokens t WHERE t.token_hash = $1`,
      [tokenHash],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async markUsed(id: string): Promise<boolean> {
    // The conditional update is the arbiter when two requests present the same token at once.
    const rows: { id: string }[] = await this.repo.query(
      `WITH used AS (
         UPDATE refresh_tokens SET used_at = now()
         WHERE id = $1 AND used_at IS NULL AND revoked_at IS NULL RETURNING id
       ) SELECT id FROM used`,
      [id],
    );
    return rows.length === 1;
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.repo.query(`UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL`, [familyId]);
  }

  async revokeAllOfUser(userId: string): Promise<void> {
    await this.repo.query(`UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [userId]);
  }
}
