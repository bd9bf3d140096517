export {
  DomainError,
  NotFoundError,
  ServiceUnavailableError,
  ValidationFailedError,
  type DomainErrorData,
  type DomainErrorKind,
  type FieldError,
} from './errors/domain-error.js';
export { ROLES, UsersPort, type AuthenticatedUser, type Role, type UserDto } from './users/users.port.js';
