import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AsDemoSeeder, type DemoSeeder } from '@surge/platform/database';
import { PasswordHasher } from '../ports/password-hasher.js';

/** The demo customer (documented in README); seeded once, in dev mode only. */
export const DEMO_CUSTOMER = { email: 'customer@surge.test', password: 'surge-demo-42', name: 'Demo Customer' } as const;

@Injectable()
@AsDemoSeeder('users-demo')
export class UsersDemoSeeder implements DemoSeeder {
  readonly database = 'users';

  constructor(private readonly hasher: PasswordHasher) {}

  async seed(manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO users (email, name, role, password_hash) VALUES ($1, $2, 'customer', $3) ON CONFLICT (email) DO NOTHING`,
      [DEMO_CUSTOMER.email, DEMO_CUSTOMER.name, await this.hasher.hash(DEMO_CUSTOMER.password)],
    );
  }
}
