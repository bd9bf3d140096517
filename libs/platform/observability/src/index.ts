export { installHttpMetrics, singleton } from './http-metrics.js';
export { MetricsController } from './metrics.controller.js';
export { loggerModule, requestIdOf } from './logger.js';
