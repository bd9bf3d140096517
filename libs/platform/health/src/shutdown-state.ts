import { Injectable } from '@nestjs/common';

/** Flipped when SIGTERM arrives, so readiness fails and load balancers stop sending work. */
@Injectable()
export class ShutdownState {
  shuttingDown = false;
}
