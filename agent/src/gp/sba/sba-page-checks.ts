import type { DocType } from '@gprelay/shared';
import { AgentError, AgentErrorCode } from '../../errors';
import type { ChangePosition } from '../gp-source';
import type { ListedItem } from './json-record';

/**
 * GP must list in ModifiedDate order from the lower bound on: the poller
 * commits a cursor per page, and a page that went back in time would leave
 * changes behind it. Keys within one ModifiedDate may follow the server's
 * collation, so only time is checked.
 */
export function checkOrder(listed: readonly ListedItem[], docType: DocType, lowerBound: string): void {
  const floor = Date.parse(lowerBound);
  let previous = floor;
  for (const entry of listed) {
    const at = Date.parse(entry.modifiedAt);
    if (at < floor) {
      throw new AgentError(
        AgentErrorCode.gpProtocol,
        `GP listed ${docType} ${entry.key} modified at ${entry.modifiedAt}, before ${lowerBound}: the server ignored the modified-since filter; set query.list to its syntax`,
      );
    }
    if (at < previous) {
      throw new AgentError(
        AgentErrorCode.gpProtocol,
        `GP's ${docType} list is not in ModifiedDate order (${entry.key}); add the server's order-by option to query.list`,
      );
    }
    previous = at;
  }
}

/** Where a list starts: the later of `since` and the `after` position's time. */
export function lowerBoundOf(since: string, after: ChangePosition | undefined): string {
  return after !== undefined && Date.parse(after.modifiedAt) > Date.parse(since) ? after.modifiedAt : since;
}

/** A request instant normalised to ISO 8601 UTC with `Z` and milliseconds. */
export function isoInstant(text: string, name: string): string {
  const ms = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(ms)) {
    throw new AgentError(
      AgentErrorCode.config,
      `listChanged: ${name} '${text}' is not an ISO 8601 date and time`,
    );
  }
  return new Date(ms).toISOString();
}
