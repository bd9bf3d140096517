import { describe, expect, it } from '@jest/globals';
import { jitteredTtl } from './ttl-jitter.js';

describe('jitteredTtl', () => {
  it('moves a TTL by up to the fraction either way', () => {
    expect(jitteredTtl(1000, 0.2, () => 0)).toBe(800);
    expect(jitteredTtl(1000, 0.2, () => 0.5)).toBe(1000);
    expect(jitteredTtl(1000, 0.2, () => 0.999999)).toBe(1200);
    expect(jitteredTtl(1000, 0, () => 0)).toBe(1000);
  });

  it('clamps the fraction to [0, 1] and never returns less than 1 ms', () => {
    expect(jitteredTtl(1000, 5, () => 0)).toBe(1);
    expect(jitteredTtl(1000, -1, () => 0)).toBe(1000);
    expect(jitteredTtl(0, 0.2, () => 0.5)).toBe(1);
  });
});
