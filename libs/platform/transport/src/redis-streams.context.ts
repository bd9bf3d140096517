import { BaseRpcContext } from '@nestjs/microservices';

type RedisStreamsContextArgs = [
  pattern: string,
  headers: Record<string, string>,
  messageId: string,
  stream: string,
  entryId: string,
  deadline: number | undefined,
];

/** What a handler can learn about the message it runs for (`@Ctx() context: RedisStreamsContext`). */
export class RedisStreamsContext extends BaseRpcContext<RedisStreamsContextArgs> {
  getPattern(): string {
    return this.args[0];
  }

  /** Headers set by the caller, e.g. `x-request-id`. */
  getHeaders(): Record<string, string> {
    return this.args[1];
  }

  /** The request id the caller generated (also the reply's id). */
  getMessageId(): string {
    return this.args[2];
  }

  getStream(): string {
    return this.args[3];
  }

  /** The Redis stream entry id (`1700000000000-0`). */
  getEntryId(): string {
    return this.args[4];
  }

  /** Absolute epoch ms after which the caller no longer waits; undefined for events. */
  getDeadline(): number | undefined {
    return this.args[5];
  }
}
