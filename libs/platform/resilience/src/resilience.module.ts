import { Module, type DynamicModule, type FactoryProvider, type ModuleMetadata } from '@nestjs/common';
import { RESILIENCE_CONFIG, ResiliencePolicies, type ResilienceConfig } from './resilience-policies.js';

export interface ResilienceModuleAsyncOptions {
  imports?: ModuleMetadata['imports'];
  inject?: FactoryProvider['inject'];
  useFactory: (...args: any[]) => ResilienceConfig | Promise<ResilienceConfig>;
}

/** Global: remote port clients anywhere in the app inject the one `ResiliencePolicies`. */
@Module({})
export class ResilienceModule {
  static forRoot(config: ResilienceConfig = {}): DynamicModule {
    return ResilienceModule.forRootAsync({ useFactory: () => config });
  }

  static forRootAsync(options: ResilienceModuleAsyncOptions): DynamicModule {
    return {
      module: ResilienceModule,
      global: true,
      imports: options.imports ?? [],
      providers: [{ provide: RESILIENCE_CONFIG, inject: options.inject ?? [], useFactory: options.useFactory }, ResiliencePolicies],
      exports: [ResiliencePolicies],
    };
  }
}
