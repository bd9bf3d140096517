import { applyDecorators, createParamDecorator, SetMetadata, UseGuards, type ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { AuthenticatedUser, Role } from '@surge/contracts';
import { AccessTokenGuard, type RequestWithUser } from './access-token.guard.js';
import { ROLES_KEY } from './auth.constants.js';
import { UnauthenticatedError } from './auth.errors.js';
import { RolesGuard } from './roles.guard.js';

/**
 * Guards a route or controller: `@Auth()` for any signed-in user, `@Auth('admin')` for the
 * listed roles. 401 without a valid access token, 403 with the wrong role.
 */
export function Auth(...roles: Role[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    UseGuards(AccessTokenGuard, RolesGuard),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'Missing, invalid or expired access token (problem+json)' }),
    ...(roles.length > 0 ? [ApiForbiddenResponse({ description: `Requires role: ${roles.join(' or ')} (problem+json)` })] : []),
  );
}

/** The verified caller of an `@Auth()` route. */
export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): AuthenticatedUser => {
  const user = context.switchToHttp().getRequest<RequestWithUser>().user;
  if (!user) throw new UnauthenticatedError();
  return user;
});
