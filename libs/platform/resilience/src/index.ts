export { ResilienceModule, type ResilienceModuleAsyncOptions } from './resilience.module.js';
export { RESILIENCE_CONFIG, ResiliencePolicies, type ResilienceConfig } from './resilience-policies.js';
export { ServicePolicy, type BreakerState, type CallOptions } from './service-policy.js';
export { DEFAULT_RESILIENCE, resolveResilienceOptions, type ResilienceOptions } from './resilience.options.js';
export { isRemoteFailure, isRetryable } from './remote-failure.js';
export { BREAKER_STATE_VALUE, type RemoteCallOutcome } from './resilience.metrics.js';
