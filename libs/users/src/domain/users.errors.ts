import { DomainError, NotFoundError, ValidationFailedError } from '@surge/contracts';

export class EmailTakenError extends DomainError {
  constructor() {
    super('conflict', 'EMAIL_TAKEN', 'An account with this email already exists');
  }
}

/** Same error, same body, for an unknown email and a wrong password (no account enumeration). */
export class InvalidCredentialsError extends DomainError {
  constructor() {
    super('unauthenticated', 'INVALID_CREDENTIALS', 'The email or password is incorrect');
  }
}

export class InvalidRefreshTokenError extends DomainError {
  constructor() {
    super('unauthenticated', 'INVALID_REFRESH_TOKEN', 'The refresh token is invalid, expired or already used');
  }
}

export class WeakPasswordError extends ValidationFailedError {
  constructor(problems: string[], field = 'password') {
    super(problems.map((message) => ({ field, message })), 'The password is too weak');
  }
}

export class IncorrectCurrentPasswordError extends DomainError {
  constructor() {
    super('validation', 'INCORRECT_CURRENT_PASSWORD', 'The current password is incorrect', {
      errors: [{ field: 'currentPassword', message: 'currentPassword is incorrect' }],
    });
  }
}

export class UserNotFoundError extends NotFoundError {
  constructor() {
    super('User not found');
  }
}

export class OwnRoleChangeError extends DomainError {
  constructor() {
    super('conflict', 'CANNOT_CHANGE_OWN_ROLE', 'Admins cannot change their own role');
  }
}

export class InvalidCursorError extends ValidationFailedError {
  constructor() {
    super([{ field: 'cursor', message: 'cursor is not a cursor this endpoint returned' }]);
  }
}
