import type { Delta } from '@gprelay/shared';
import type { RuleFilters } from '../db/schema';
import { compareDecimal } from './decimal';
import { factsOf } from './document-facts';

export interface RoutingRule {
  id: string;
  name: string;
  docTypes: readonly string[];
  channelId: string;
  filters: RuleFilters;
  enabled: boolean;
}

export type RuleVerdict =
  | { rule: RoutingRule; matched: true }
  | { rule: RoutingRule; matched: false; reason: string };

/**
 * Decides, for every rule of the tenant, whether the delta goes to its channel.
 * Pure: the reasons end up in the audit log, so an operator can see why a
 * document did not reach a channel.
 */
export function matchRules(delta: Delta, rules: readonly RoutingRule[]): RuleVerdict[] {
  return rules.map((rule) => {
    const reason = whyNot(delta, rule);
    return reason === null ? { rule, matched: true } : { rule, matched: false, reason };
  });
}

function whyNot(delta: Delta, rule: RoutingRule): string | null {
  if (!rule.enabled) return 'rule is disabled';
  if (!rule.docTypes.includes(delta.docType)) return `doc type ${delta.docType} not in rule`;
  const { companies, states, vendorIds, minAmount, maxAmount } = rule.filters;
  if (companies?.length && !companies.includes(delta.company)) return `company ${delta.company} not in rule`;
  if (states?.length && !states.includes(delta.state)) return `state ${delta.state} not in rule`;
  const { vendorId, amount } = factsOf(delta);
  if (vendorIds?.length && (vendorId === null || !vendorIds.includes(vendorId))) {
    return vendorId === null ? `${delta.docType} has no vendor` : `vendor ${vendorId} not in rule`;
  }
  if ((minAmount !== undefined || maxAmount !== undefined) && amount === null)
    return `${delta.docType} has no amount`;
  if (amount && minAmount !== undefined && compareDecimal(amount.value, minAmount) < 0) {
    return `amount ${amount.value} below ${minAmount}`;
  }
  if (amount && maxAmount !== undefined && compareDecimal(amount.value, maxAmount) > 0) {
    return `amount ${amount.value} above ${maxAmount}`;
  }
  return null;
}
