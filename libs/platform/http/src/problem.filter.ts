import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { toProblem, type Problem } from './problem.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function sendProblem(reply: FastifyReply, problem: Problem): void {
  // A more precise Retry-After set upstream (e.g. by the rate limiter) wins over the default.
  if (problem.retryAfterSeconds !== undefined && !reply.hasHeader('retry-after')) {
    void reply.header('retry-after', String(problem.retryAfterSeconds));
  }
  void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem.body));
}

/** The one place errors become HTTP responses (problem+json, see shared/API.md). */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const problem = toProblem(error);
    if (problem.unexpected) this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    sendProblem(host.switchToHttp().getResponse<FastifyReply>(), problem);
  }
}
