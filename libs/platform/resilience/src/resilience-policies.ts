import { Inject, Injectable, Optional } from '@nestjs/common';
import { ServicePolicy } from './service-policy.js';
import { resolveResilienceOptions, type ResilienceOptions } from './resilience.options.js';

/** Options for every service, and per-service overrides by service name. */
export interface ResilienceConfig {
  defaults?: Partial<ResilienceOptions>;
  services?: Record<string, Partial<ResilienceOptions>>;
}

export const RESILIENCE_CONFIG = Symbol('RESILIENCE_CONFIG');

/** One ServicePolicy per service name, so every client of a service shares its breaker and bulkhead. */
@Injectable()
export class ResiliencePolicies {
  private readonly policies = new Map<string, ServicePolicy>();
  private readonly config: ResilienceConfig;

  constructor(@Optional() @Inject(RESILIENCE_CONFIG) config?: ResilienceConfig) {
    this.config = config ?? {};
    // Fail at boot, not on the first remote call.
    resolveResilienceOptions('defaults', this.config.defaults);
    for (const service of Object.keys(this.config.services ?? {})) resolveResilienceOptions(service, this.optionsFor(service));
  }

  for(service: string): ServicePolicy {
    let policy = this.policies.get(service);
    if (!policy) {
      policy = new ServicePolicy(service, this.optionsFor(service));
      this.policies.set(service, policy);
    }
    return policy;
  }

  private optionsFor(service: string): Partial<ResilienceOptions> {
    return { ...this.config.defaults, ...this.config.services?.[service] };
  }
}
