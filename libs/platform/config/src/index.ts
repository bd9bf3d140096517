export { AppConfig, type DatabaseTarget, type RateLimit, type LogLevel, type NodeEnv } from './app-config.js';
export { CONFIG_VARIABLES, ConfigError, loadConfig } from './load-config.js';
export { ConfigModule } from './config.module.js';
export { resolveJwtSecret } from './jwt-secret.js';
