import type { AuditHashAlgorithm } from '../../domain/audit/audit-hash.ts';
import type { Db } from '../db/database.ts';
import { sealAudit } from '../services/audit.service.ts';

/** Seals audit entries shortly after writes, and every few seconds for other nodes' writes. */
export class AuditSealer {
  private timer: NodeJS.Timeout | undefined;
  private readonly interval: NodeJS.Timeout;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly algorithm: AuditHashAlgorithm,
    private readonly onError: (err: unknown) => void,
  ) {
    this.interval = setInterval(() => this.nudge(), 5000);
    this.interval.unref();
  }

  nudge(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.running.then(() => sealAudit(this.db, this.algorithm)).catch(this.onError);
    }, 200);
    this.timer.unref();
  }

  /** Seals everything now (used at shutdown and by tests). */
  async flush(): Promise<void> {
    await this.running;
    await sealAudit(this.db, this.algorithm);
  }

  stop(): void {
    clearInterval(this.interval);
    if (this.timer) clearTimeout(this.timer);
  }
}
