import type { Clock, Logger } from '@gprelay/shared';
import type { AgentConfig } from '../config/agent-config';
import type { GpSource } from '../gp/gp-source';
import { SoapGpSource } from '../gp/soap';

export type ClosableSource = GpSource & { close(): Promise<void> };

/** One GpSource per configured company. */
export function openSources(config: AgentConfig, deps: { clock: Clock; logger: Logger }): ClosableSource[] {
  return config.sources.map(
    (source) =>
      new SoapGpSource({
        url: source.url,
        companyId: source.companyId,
        company: source.company,
        timeoutMs: source.timeoutMs,
        clock: deps.clock,
        logger: deps.logger,
      }),
  );
}
