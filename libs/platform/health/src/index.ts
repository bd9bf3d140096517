export { HealthModule } from './health.module.js';
export { ShutdownState } from './shutdown-state.js';
export { READINESS_CHECK, type ReadinessCheck } from './readiness-check.js';
