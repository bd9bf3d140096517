import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedUser, UserDto } from '@surge/contracts';
import { Auth, CurrentUser } from '@surge/platform/auth';
import { GetProfileUseCase } from '../application/get-profile/get-profile.use-case.js';
import { UpdateProfileUseCase } from '../application/update-profile/update-profile.use-case.js';
import { UserResponse } from './dto/responses.dto.js';
import { UpdateMeDto } from './dto/user.dto.js';

@ApiTags('users')
@Controller('users/me')
@Auth()
export class UsersMeController {
  constructor(
    private readonly getProfile: GetProfileUseCase,
    private readonly updateProfile: UpdateProfileUseCase,
  ) {}

  @Get()
  @ApiOkResponse({ type: UserResponse })
  me(@CurrentUser() user: AuthenticatedUser): Promise<UserDto> {
    return this.getProfile.execute(user.id);
  }

  @Patch()
  @ApiOkResponse({ type: UserResponse })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, or INCORRECT_CURRENT_PASSWORD on a password change' })
  update(@CurrentUser() user: AuthenticatedUser, @Body() body: UpdateMeDto): Promise<UserDto> {
    return this.updateProfile.execute(user.id, body);
  }
}
