import { Controller, Get, HttpCode, Inject, Optional, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator, type HealthCheckResult, type HealthIndicatorFunction } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { DataSourceRegistry } from '@surge/platform/database';
import { RedisHealthIndicator } from '@surge/platform/redis';
import { QueueHealthIndicator } from '@surge/platform/queue';
import { READINESS_CHECK, type ReadinessCheck } from './readiness-check.js';
import { ShutdownState } from './shutdown-state.js';

const RETRY_AFTER_SECONDS = 5;

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly typeorm: TypeOrmHealthIndicator,
    private readonly shutdown: ShutdownState,
    @Optional() private readonly databases?: DataSourceRegistry,
    @Optional() private readonly redis?: RedisHealthIndicator,
    @Optional() private readonly queue?: QueueHealthIndicator,
    @Optional() @Inject(READINESS_CHECK) private readonly extra?: ReadinessCheck,
  ) {}

  @Get('live')
  @HttpCode(200)
  @ApiOperation({ summary: 'Liveness: 200 while the process can serve' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: 200 when every dependency answers, else 503 naming the failing ones' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult | Record<string, unknown>> {
    const checks: HealthIndicatorFunction[] = this.shutdown.shuttingDown
      ? // Draining: fail at once, without touching dependencies that are being closed.
        [() => this.indicators.check('process').down({ message: 'shutting down' })]
      : [
          () => this.indicators.check('process').up(),
          ...(this.databases?.all() ?? []).map(
            ([name, connection]) => () => this.typeorm.pingCheck(`db:${name}`, { connection, timeout: 1500 }),
          ),
          ...(this.redis?.configured ? [() => this.redis!.check('redis')] : []),
          ...(this.queue ? [() => this.queue!.check('queue')] : []),
          ...(this.extra ? [() => this.extra!.check()] : []),
        ];
    try {
      return await this.health.check(checks);
    } catch (error) {
      const result = (error as { getResponse?: () => HealthCheckResult }).getResponse?.();
      if (!result) throw error;
      const failing = Object.keys(result.error ?? {});
      void reply.status(503).header('retry-after', String(RETRY_AFTER_SECONDS)).header('content-type', 'application/problem+json');
      return {
        type: 'urn:surge:problem:service-unavailable',
        title: 'Service Unavailable',
        status: 503,
        detail: `Not ready: ${failing.join(', ')}`,
        code: 'SERVICE_UNAVAILABLE',
        failing,
        checks: result.details,
      };
    }
  }
}
