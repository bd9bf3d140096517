import type { HealthIndicatorResult } from '@nestjs/terminus';

/**
 * One more dependency for /health/ready, provided by the app's wiring under READINESS_CHECK (for
 * example the gateway's view of the services it calls).
 */
export interface ReadinessCheck {
  check(): Promise<HealthIndicatorResult>;
}

export const READINESS_CHECK = Symbol('READINESS_CHECK');
