import { DomainError } from '@surge/contracts';

/** No bearer token on a route that needs one. */
export class UnauthenticatedError extends DomainError {
  constructor(message = 'Authentication is required') {
    super('unauthenticated', 'UNAUTHENTICATED', message);
  }
}

/** A bearer token that is malformed, tampered with, expired, or signed another way. */
export class InvalidTokenError extends DomainError {
  constructor(message = 'The access token is invalid or has expired') {
    super('unauthenticated', 'INVALID_TOKEN', message);
  }
}

/** Authenticated, but the role does not allow this. */
export class ForbiddenError extends DomainError {
  constructor(message = 'You are not allowed to do this') {
    super('forbidden', 'FORBIDDEN', message);
  }
}
