import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@surge/contracts';
import type { RequestWithUser } from './access-token.guard.js';
import { ROLES_KEY } from './auth.constants.js';
import { ForbiddenError, UnauthenticatedError } from './auth.errors.js';

/** Lets the request through when the route names no roles or the user holds one of them. Runs after AccessTokenGuard. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [context.getHandler(), context.getClass()]);
    const user = context.switchToHttp().getRequest<RequestWithUser>().user;
    if (!user) throw new UnauthenticatedError();
    if (roles && roles.length > 0 && !roles.includes(user.role)) throw new ForbiddenError();
    return true;
  }
}
