import { Global, Inject, Injectable, Module, type DynamicModule, type InjectionToken, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { HealthIndicatorService, TerminusModule, type HealthIndicatorResult } from '@nestjs/terminus';
import { domainErrorFromData } from '@surge/contracts';
import { AppConfig, ConfigError } from '@surge/platform/config';
import { READINESS_CHECK, type ReadinessCheck } from '@surge/platform/health';
import { currentRequestId } from '@surge/platform/observability';
import { ResilienceModule, ResiliencePolicies } from '@surge/platform/resilience';
import {
  createRemotePort,
  RedisStreamsClient,
  TransportDiscovery,
  useCaseMethods,
  type PortMethod,
  type UseCaseBinding,
} from '@surge/platform/transport';

/** A port (abstract class token) whose implementation runs in `service`. */
export interface RemotePortBinding {
  token: InjectionToken;
  service: string;
  methods: readonly PortMethod<any>[];
}

/** The use cases of `service`, bound remotely under their own class tokens (for the HTTP controllers). */
export interface RemoteUseCases {
  service: string;
  bindings: readonly UseCaseBinding[];
}

export interface RemoteModuleOptions {
  ports?: readonly RemotePortBinding[];
  useCases?: readonly RemoteUseCases[];
}

export function requireRedisUrl(config: AppConfig): string {
  if (!config.redisUrl) throw new ConfigError('REDIS_URL', 'a redis://host:port URL (the split topology talks over Redis)', '');
  return config.redisUrl;
}

/** The services this app calls (for readiness). */
export const REMOTE_SERVICES = Symbol('REMOTE_SERVICES');

/** Reports, per service this app calls, the replicas that read its request stream (the consumer group). */
@Injectable()
export class ServicesReadiness implements ReadinessCheck {
  constructor(
    private readonly discovery: TransportDiscovery,
    private readonly health: HealthIndicatorService,
    @Inject(REMOTE_SERVICES) private readonly services: readonly string[],
  ) {}

  /**
   * Up while the consumer groups can be read: one service without live replicas makes its routes
   * answer 503 (its breaker opens), but must not take the gateway, and every other route, out of
   * rotation. The details name the live consumers of each service.
   */
  async check(): Promise<HealthIndicatorResult> {
    const indicator = this.health.check('services');
    try {
      const entries = await Promise.race([
        Promise.all(
          this.services.map(async (service) => {
            const consumers = (await this.discovery.consumers(service)).filter((c) => c.live).map((c) => c.name);
            return [service, { live: consumers.length, consumers }] as const;
          }),
        ),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 1500).unref()),
      ]);
      return indicator.up(Object.fromEntries(entries));
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : 'unreadable' });
    }
  }
}

@Injectable()
class RemoteLifecycle implements OnApplicationShutdown {
  constructor(
    private readonly client: RedisStreamsClient,
    private readonly discovery: TransportDiscovery,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.client.close(), this.discovery.close()]);
  }
}

function portProvider(token: InjectionToken, service: string, methods: readonly PortMethod<any>[]): Provider {
  return {
    provide: token,
    inject: [RedisStreamsClient, ResiliencePolicies],
    useFactory: (client: RedisStreamsClient, policies: ResiliencePolicies) => createRemotePort(service, methods, client, policies.for(service)),
  };
}

/** Each use case token becomes `{ execute }` calling `<service>.<name>` under the service's policy. */
function useCaseProviders({ service, bindings }: RemoteUseCases): Provider[] {
  const api = Symbol(`${service} use cases (remote)`);
  return [
    portProvider(api, service, useCaseMethods(bindings)),
    ...bindings.map(
      ({ name, useCase }): Provider => ({
        provide: useCase,
        inject: [api],
        useFactory: (remote: Record<string, (...args: unknown[]) => Promise<unknown>>) => ({ execute: remote[name] }),
      }),
    ),
  ];
}

/**
 * The calling side of the split topology: one Redis Streams client per process, the resilience
 * policies (REMOTE_TIMEOUT_MS, BREAKER_HALF_OPEN_AFTER_MS), and the listed ports and use cases bound
 * to it under their usual tokens, so the code injecting them does not know they are remote.
 * Global, like the local modules it stands in for. Readiness reports the services' consumers.
 */
@Module({})
export class RemoteModule {
  static forRoot(options: RemoteModuleOptions): DynamicModule {
    const ports = options.ports ?? [];
    const useCases = options.useCases ?? [];
    const services = [...new Set([...ports.map((p) => p.service), ...useCases.map((u) => u.service)])].sort();
    const bound: Provider[] = [...ports.map((p) => portProvider(p.token, p.service, p.methods)), ...useCases.flatMap(useCaseProviders)];
    const tokens = [...ports.map((p) => p.token), ...useCases.flatMap((u) => u.bindings.map((b) => b.useCase))];
    return {
      module: RemoteModule,
      global: true,
      imports: [
        TerminusModule,
        ResilienceModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            defaults: { timeoutMs: config.remote.timeoutMs, breakerHalfOpenAfterMs: config.remote.breakerHalfOpenAfterMs },
          }),
        }),
      ],
      providers: [
        {
          provide: RedisStreamsClient,
          inject: [AppConfig],
          useFactory: async (config: AppConfig) => {
            const client = new RedisStreamsClient({
              url: requireRedisUrl(config),
              keyPrefix: config.keyPrefix,
              // The request's deadline: past the caller's timeout nobody waits for it, so it is not run.
              requestTimeoutMs: config.remote.timeoutMs,
              headers: () => {
                const id = currentRequestId();
                return id ? { 'x-request-id': id } : undefined;
              },
              errorFactory: domainErrorFromData,
            });
            await client.connect();
            return client;
          },
        },
        {
          provide: TransportDiscovery,
          inject: [AppConfig],
          useFactory: (config: AppConfig) => new TransportDiscovery({ keyPrefix: config.keyPrefix, url: requireRedisUrl(config) }),
        },
        { provide: REMOTE_SERVICES, useValue: services },
        { provide: READINESS_CHECK, useClass: ServicesReadiness },
        RemoteLifecycle,
        ...bound,
      ],
      exports: [RedisStreamsClient, TransportDiscovery, READINESS_CHECK, ...tokens],
    };
  }
}
