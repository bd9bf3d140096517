import { Module } from '@nestjs/common';
import { AuthModule } from '@surge/platform/auth';
import { QueueDashboard } from './queue-dashboard.js';

/**
 * Opt-in Bull Board at `/admin/queues` (admins only) for an HTTP app that also imports
 * `QueueModule.forRootAsync()`; it shows every queue some module declares.
 */
@Module({
  imports: [AuthModule],
  providers: [QueueDashboard],
})
export class QueueDashboardModule {}
