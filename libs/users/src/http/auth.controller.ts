import { Body, Controller, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { AuthenticatedUser } from '@surge/contracts';
import { Auth, CurrentUser } from '@surge/platform/auth';
import type { Session } from '../application/issue-session/issue-session.use-case.js';
import { LogInUseCase } from '../application/log-in/log-in.use-case.js';
import { LogOutUseCase } from '../application/log-out/log-out.use-case.js';
import { RefreshSessionUseCase } from '../application/refresh-session/refresh-session.use-case.js';
import { RegisterUserUseCase, type Registration } from '../application/register-user/register-user.use-case.js';
import { AuthRateLimitGuard } from './auth-rate-limit.guard.js';
import { LoginDto, RefreshTokenDto, RegisterDto } from './dto/auth.dto.js';
import { RegistrationResponse, SessionResponse } from './dto/responses.dto.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly registerUser: RegisterUserUseCase,
    private readonly logIn: LogInUseCase,
    private readonly refreshSession: RefreshSessionUseCase,
    private readonly logOut: LogOutUseCase,
  ) {}

  @Post('register')
  @UseGuards(AuthRateLimitGuard)
  @ApiCreatedResponse({ type: RegistrationResponse })
  @ApiBadRequestResponse({ description: 'Malformed email, weak password or bad body (VALIDATION_FAILED)' })
  @ApiConflictResponse({ description: 'EMAIL_TAKEN' })
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED, with Retry-After' })
  register(@Body() body: RegisterDto): Promise<Registration> {
    return this.registerUser.execute(body);
  }

  @Post('login')
  @HttpCode(HttpStatus.OK)
  @UseGuards(AuthRateLimitGuard)
  @ApiOkResponse({ type: SessionResponse })
  @ApiUnauthorizedResponse({ description: 'INVALID_CREDENTIALS (same body for unknown email and wrong password)' })
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED, with Retry-After' })
  login(@Body() body: LoginDto): Promise<Session> {
    return this.logIn.execute(body);
  }

  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: SessionResponse, description: 'A new pair; the presented refresh token stops working' })
  @ApiUnauthorizedResponse({ description: 'INVALID_REFRESH_TOKEN (reusing a used token also revokes its family)' })
  refresh(@Body() body: RefreshTokenDto): Promise<Session> {
    return this.refreshSession.execute(body.refreshToken);
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Auth()
  @ApiNoContentResponse({ description: 'The session of this refresh token is ended' })
  async logout(@CurrentUser() user: AuthenticatedUser, @Body() body: RefreshTokenDto): Promise<void> {
    await this.logOut.execute(user.id, body.refreshToken);
  }
}
