// Failures of the pipeline domain. They use the shared CONFLICT code; `extensions.field` names the
// input field to correct, as VALIDATION_ERROR's `fields` do.
import { CommonErrorCode, GatewayError } from '../../errors.js';
import { msg } from '../../i18n/messages.js';

export function stageKeyTaken(key: string, pipelineId: string): GatewayError {
  return new GatewayError(CommonErrorCode.CONFLICT, msg('stageKeyTaken', { key, pipelineId }), {
    extensions: { field: 'key', key, pipelineId },
  });
}

export function stageHoldsOpportunities(stageId: string): GatewayError {
  return new GatewayError(CommonErrorCode.CONFLICT, msg('stageHoldsOpportunities', { stageId }), {
    extensions: { field: 'pipelineId', stageId },
  });
}
