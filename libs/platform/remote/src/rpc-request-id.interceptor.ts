import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { runWithRequestId } from '@surge/platform/observability';
import type { RedisStreamsContext } from '@surge/platform/transport';
import { Observable } from 'rxjs';

/** Runs each transport request under the request id its caller sent, so logs and further calls carry it. */
@Injectable()
export class RpcRequestIdInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const headers = context.switchToRpc().getContext<Partial<RedisStreamsContext>>().getHeaders?.() ?? {};
    const requestId = headers['x-request-id'];
    // next.handle() binds the handler to the async context it is called in.
    return new Observable((subscriber) => runWithRequestId(requestId, () => next.handle().subscribe(subscriber)));
  }
}
