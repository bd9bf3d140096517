import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '@surge/platform/config';
import { BootstrapAdminUseCase } from '../application/bootstrap-admin/bootstrap-admin.use-case.js';

/** Runs the admin bootstrap at start-up when ADMIN_EMAIL and ADMIN_PASSWORD are both set. */
@Injectable()
export class AdminBootstrapper implements OnApplicationBootstrap {
  constructor(
    private readonly config: AppConfig,
    private readonly bootstrapAdmin: BootstrapAdminUseCase,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { adminEmail, adminPassword } = this.config;
    if (adminEmail && adminPassword) await this.bootstrapAdmin.execute(adminEmail, adminPassword);
  }
}
