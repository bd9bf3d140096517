export {
  DomainError,
  NotFoundError,
  ServiceUnavailableError,
  ValidationFailedError,
  type DomainErrorData,
  type DomainErrorKind,
  type FieldError,
} from './errors/domain-error.js';
export { domainErrorFromData } from './errors/domain-error-registry.js';
export { USERS_PORT_METHODS } from './users/users-port.methods.js';
export { ROLES, UsersPort, type AuthenticatedUser, type Role, type UserDto } from './users/users.port.js';
export {
  CatalogPort,
  OutOfStockError,
  type CategoryDto,
  type MoneyDto,
  type ProductDto,
  type StockItem,
  type StockReservationDto,
  type StockShortage,
} from './catalog/catalog.port.js';
export { CATALOG_PORT_METHODS } from './catalog/catalog-port.methods.js';
export type { OrderJobPayload, OrderNotificationKind, OrderNotificationPayload } from './orders/order-jobs.js';
