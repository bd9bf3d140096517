import { Global, Logger, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AppConfig, resolveJwtSecret } from '@surge/platform/config';
import { AccessTokenGuard } from './access-token.guard.js';
import { AccessTokenService } from './access-token.service.js';
import { ACCESS_TOKEN_TTL_SECONDS, TOKEN_ALGORITHM, TOKEN_AUDIENCE, TOKEN_ISSUER } from './auth.constants.js';
import { RolesGuard } from './roles.guard.js';

/**
 * Access-token signing and local verification for every module (and later the gateway). All
 * processes of one deployment must share JWT_SECRET; a generated secret is per DATA_DIR.
 */
@Global()
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: async (config: AppConfig) => ({
        secret: await resolveJwtSecret(config, (message) => new Logger('Auth').warn(message)),
        signOptions: { algorithm: TOKEN_ALGORITHM, expiresIn: ACCESS_TOKEN_TTL_SECONDS, issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE },
        verifyOptions: { algorithms: [TOKEN_ALGORITHM], issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE },
      }),
    }),
  ],
  providers: [AccessTokenService, AccessTokenGuard, RolesGuard],
  exports: [AccessTokenService, AccessTokenGuard, RolesGuard],
})
export class AuthModule {}
