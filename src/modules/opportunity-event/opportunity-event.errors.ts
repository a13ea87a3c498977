// Failures of subscriptions to opportunity events.
import { GatewayError } from '../../errors.js';
import { msg } from '../../i18n/messages.js';

export const OpportunityEventErrorCode = {
  SUBSCRIBER_TOO_SLOW: 'SUBSCRIBER_TOO_SLOW',
} as const;

/** Said to a subscriber as it is disconnected for falling too far behind. */
export function subscriberTooSlow(maxPending: number): GatewayError {
  return new GatewayError(OpportunityEventErrorCode.SUBSCRIBER_TOO_SLOW, msg('subscriberTooSlow', { maxPending }), {
    extensions: { maxPending },
  });
}
