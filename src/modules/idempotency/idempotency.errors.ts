// Failures of Idempotency-Key handling; the REST layer answers them 409 and 422 (src/rest/rest-api.ts).
import { CommonErrorCode, GatewayError } from '../../errors.js';
import { msg } from '../../i18n/messages.js';

export const IdempotencyErrorCode = {
  IN_USE: 'IDEMPOTENCY_KEY_IN_USE',
  REUSED: 'IDEMPOTENCY_KEY_REUSED',
} as const;

export function idempotencyKeyInvalid(max: number): GatewayError {
  return new GatewayError(CommonErrorCode.VALIDATION_ERROR, msg('idempotencyKeyInvalid', { max }), {
    extensions: { header: 'Idempotency-Key' },
  });
}

export function idempotencyKeyInUse(): GatewayError {
  return new GatewayError(IdempotencyErrorCode.IN_USE, msg('idempotencyKeyInUse'));
}

export function idempotencyKeyReused(): GatewayError {
  return new GatewayError(IdempotencyErrorCode.REUSED, msg('idempotencyKeyReused'));
}
