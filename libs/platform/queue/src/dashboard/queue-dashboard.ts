import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import { NotFoundError } from '@surge/contracts';
import { AccessTokenService } from '@surge/platform/auth';
import type { FastifyInstance } from 'fastify';
import { JobQueue } from '../job-queue.service.js';
import { dashboardAuthHook, type DashboardErrorResponder } from './dashboard-auth.hook.js';

/** Where the dashboard lives: outside the API prefix (shared/API.md). */
export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/**
 * Mounts Bull Board over every declared queue, admins only. It runs at application bootstrap:
 * every module's `QueueModule.forFeature` is known by then, and Fastify has not started
 * (`listen()` and `inject()` both wait for `ready()`, which loads the plugin registered here).
 */
@Injectable()
export class QueueDashboard implements OnApplicationBootstrap {
  private readonly logger = new Logger('QueueDashboard');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly jobQueue: JobQueue,
    private readonly tokens: AccessTokenService,
  ) {}

  onApplicationBootstrap(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (adapter?.getType() !== 'fastify') {
      this.logger.warn('No Fastify HTTP server in this application: the queue dashboard is not mounted');
      return;
    }
    const board = new BullBoardFastifyAdapter().setBasePath(QUEUE_DASHBOARD_PATH);
    createBullBoard({
      queues: this.jobQueue.queues().map((queue) => new BullMQAdapter(queue)),
      serverAdapter: board,
      options: { uiConfig: { boardTitle: 'Surge queues' } },
    });
    const fastify = adapter.getInstance<FastifyInstance>();
    void fastify.register(
      async (scope) => {
        // Bull Board answers errors in its routes itself (as 500s); auth failures go to the error
        // handler the application installed instead (Nest's exception layer: problem+json).
        const respond: DashboardErrorResponder = scope.errorHandler;
        scope.addHook('onRequest', dashboardAuthHook(this.tokens, QUEUE_DASHBOARD_PATH, respond));
        // Unknown paths below the dashboard pass the same gate before their 404.
        scope.setNotFoundHandler((request, reply) => respond(new NotFoundError(`Cannot ${request.method} ${request.url}`), request, reply));
        await scope.register(board.registerPlugin());
      },
      { prefix: QUEUE_DASHBOARD_PATH },
    );
  }
}
