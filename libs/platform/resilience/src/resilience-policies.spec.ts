import { describe, expect, it } from '@jest/globals';
import { Test } from '@nestjs/testing';
import { ResilienceModule } from './resilience.module.js';
import { ResiliencePolicies } from './resilience-policies.js';
import { DEFAULT_RESILIENCE, resolveResilienceOptions } from './resilience.options.js';

describe('ResiliencePolicies', () => {
  it('keeps one policy per service, with per-service overrides over the defaults', () => {
    const policies = new ResiliencePolicies({ defaults: { timeoutMs: 500 }, services: { orders: { retries: 0 } } });
    expect(policies.for('catalog')).toBe(policies.for('catalog'));
    expect(policies.for('catalog').options).toEqual({ ...DEFAULT_RESILIENCE, timeoutMs: 500 });
    expect(policies.for('orders').options).toMatchObject({ timeoutMs: 500, retries: 0 });
  });

  it('refuses invalid options when built, not on the first call', () => {
    expect(() => new ResiliencePolicies({ services: { users: { bulkheadLimit: 0 } } })).toThrow(/bulkheadLimit for users/);
    expect(() => resolveResilienceOptions('catalog', { timeoutMs: 1.5 })).toThrow(RangeError);
    expect(() => resolveResilienceOptions('catalog', { retryInitialDelayMs: 100, retryMaxDelayMs: 10 })).toThrow(/retryMaxDelayMs/);
  });

  it('is provided globally by ResilienceModule', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [ResilienceModule.forRoot({ defaults: { retries: 1 } })] }).compile();
    expect(moduleRef.get(ResiliencePolicies).for('users').options.retries).toBe(1);
    await moduleRef.close();
  });
});
