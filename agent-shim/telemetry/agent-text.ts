import type { Attributes } from '@opentelemetry/api';
import type { Redactor } from '../../redaction/redactor.js';
import type { AdapterContext } from '../agent-adapter.js';
import { ATTR_AGENTFLEET_TRUNCATED } from '../../semconv/index.js';
import { attributeText } from '../claude/attribute-text.js';

/** How agent data is made fit for a span: secrets redacted, then cut to a size. */
export interface AgentTextPolicy {
  readonly redactor: Redactor;
  readonly maxAttributeChars: number;
}

/** The policy an adapter context carries. */
export function textPolicyOf(context: Pick<AdapterContext, 'redactor' | 'config'>): AgentTextPolicy {
  return { redactor: context.redactor, maxAttributeChars: context.config.maxAttributeChars };
}

/**
 * Span attributes from values that may carry agent data (task text,
 * assumptions, paths): each redacted, then cut to `maxAttributeChars`; when
 * any was cut, `agentfleet.truncated` is set too. Undefined values are left out.
 */
export function agentTextAttributes(values: Readonly<Record<string, unknown>>, policy: AgentTextPolicy): Attributes {
  const attributes: Attributes = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    const { text, truncated } = attributeText(value, policy.redactor, policy.maxAttributeChars);
    attributes[key] = text;
    if (truncated) attributes[ATTR_AGENTFLEET_TRUNCATED] = true;
  }
  return attributes;
}
