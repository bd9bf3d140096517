/** Access tokens live 15 minutes; a refresh token gets the client a new one. */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const TOKEN_ISSUER = 'surge';
export const TOKEN_AUDIENCE = 'surge-api';
/** The only signing algorithm accepted; pinned on verify so `alg: none` or HS512 tokens fail. */
export const TOKEN_ALGORITHM = 'HS256';
export const ROLES_KEY = 'surge:auth:roles';
