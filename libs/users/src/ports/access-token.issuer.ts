import type { AuthenticatedUser } from '@surge/contracts';

/** Signs short-lived access tokens that other modules verify locally. */
export abstract class AccessTokenIssuer {
  abstract issue(user: AuthenticatedUser): Promise<{ accessToken: string; expiresIn: number }>;
}
