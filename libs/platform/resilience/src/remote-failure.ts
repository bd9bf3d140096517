import { DomainError } from '@surge/contracts';
import { isBrokenCircuitError, isBulkheadRejectedError } from 'cockatiel';

/**
 * True when a remote call failed rather than answered. Domain errors are answers (the service
 * worked and said no), except kind `unavailable`, which is the service saying it cannot work now.
 * Anything that is not a domain error (timeouts, lost connections, a reply that never decoded)
 * means no answer came back: the remote client turns every answer into a DomainError.
 * These are what the breaker counts.
 */
export function isRemoteFailure(error: unknown): boolean {
  return !(error instanceof DomainError) || error.kind === 'unavailable';
}

/**
 * Failures worth another attempt. Our own fast rejections are not: an open breaker or a full
 * bulkhead will say the same thing a few ms later, and retrying them would defeat their purpose.
 */
export function isRetryable(error: unknown): boolean {
  return isRemoteFailure(error) && !isBrokenCircuitError(error) && !isBulkheadRejectedError(error);
}
