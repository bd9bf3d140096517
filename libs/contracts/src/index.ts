export {
  DomainError,
  NotFoundError,
  ServiceUnavailableError,
  ValidationFailedError,
  type DomainErrorData,
  type DomainErrorKind,
  type FieldError,
} from './errors/domain-error.js';
