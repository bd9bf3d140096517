export { installHttpMetrics, singleton } from './http-metrics.js';
export { MetricsController } from './metrics.controller.js';
export { createRootLogger, currentRequestId, installRequestLogging, runWithRequestId, LoggingModule, PinoNestLogger, requestIdOf, ROOT_LOGGER } from './logger.js';
