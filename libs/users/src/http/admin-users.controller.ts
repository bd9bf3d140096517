import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedUser, UserDto } from '@surge/contracts';
import { Auth, CurrentUser } from '@surge/platform/auth';
import { ChangeUserRoleUseCase } from '../application/change-user-role/change-user-role.use-case.js';
import { ListUsersUseCase, type UserPage } from '../application/list-users/list-users.use-case.js';
import { UserPageResponse, UserResponse } from './dto/responses.dto.js';
import { ChangeRoleDto, ListUsersQueryDto, UserIdParamsDto } from './dto/user.dto.js';

@ApiTags('admin')
@Controller('admin/users')
@Auth('admin')
export class AdminUsersController {
  constructor(
    private readonly listUsers: ListUsersUseCase,
    private readonly changeUserRole: ChangeUserRoleUseCase,
  ) {}

  @Get()
  @ApiOkResponse({ type: UserPageResponse, description: 'Users in email order; page.nextCursor is null on the last page' })
  list(@Query() query: ListUsersQueryDto): Promise<UserPage> {
    return this.listUsers.execute(query);
  }

  @Patch(':id')
  @ApiOkResponse({ type: UserResponse })
  @ApiNotFoundResponse({ description: 'No such user' })
  @ApiConflictResponse({ description: 'CANNOT_CHANGE_OWN_ROLE' })
  changeRole(@CurrentUser() actor: AuthenticatedUser, @Param() params: UserIdParamsDto, @Body() body: ChangeRoleDto): Promise<UserDto> {
    return this.changeUserRole.execute(actor.id, params.id, body.role);
  }
}
