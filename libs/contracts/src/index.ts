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
export type { OrderJobPayload, OrderNotificationKind, OrderNotificationPayload } from './orders/order-jobs.js';
