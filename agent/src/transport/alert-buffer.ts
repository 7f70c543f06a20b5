import type { AlertFrame } from '@gprelay/shared';

export type AlertBody = Omit<AlertFrame, 'type'>;

/**
 * Alerts raised while offline, kept in memory up to `capacity` (oldest dropped
 * first and counted) and sent after the next welcome. Not durable on purpose:
 * alerts describe the present (GP auth failing now), and the audit-worthy ones
 * are re-raised by the next poll cycle anyway.
 */
export class AlertBuffer {
  private readonly alerts: AlertBody[] = [];
  dropped = 0;

  constructor(private readonly capacity: number) {}

  push(alert: AlertBody): void {
    this.alerts.push(alert);
    while (this.alerts.length > this.capacity) {
      this.alerts.shift();
      this.dropped += 1;
    }
  }

  drain(): AlertBody[] {
    return this.alerts.splice(0);
  }

  get size(): number {
    return this.alerts.length;
  }
}
