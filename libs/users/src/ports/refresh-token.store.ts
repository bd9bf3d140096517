import type { RefreshTokenRecord } from '../domain/refresh-token.js';

export interface NewRefreshToken {
  userId: string;
  familyId: string;
  parentId: string | null;
  tokenHash: string;
  expiresAt: Date;
}

/** Stored refresh tokens (hashes only). */
export abstract class RefreshTokenStore {
  abstract create(token: NewRefreshToken): Promise<RefreshTokenRecord>;
  abstract findByHash(tokenHash: string): Promise<RefreshTokenRecord | null>;
  /** Marks a token used if it still was unused and not revoked; false when someone got there first. */
  abstract markUsed(id: string): Promise<boolean>;
  abstract revokeFamily(familyId: string): Promise<void>;
  abstract revokeAllOfUser(userId: string): Promise<void>;
}
