// Failures of the pipeline domain. They use the shared CONFLICT code; `extensions.field` names the
// input field to correct, as VALIDATION_ERROR's `fields` do.
import { CommonErrorCode, GatewayError } from '../../errors.js';

export function stageKeyTaken(key: string, pipelineId: string): GatewayError {
  return new GatewayError(CommonErrorCode.CONFLICT, `The pipeline already has a stage with the key "${key}"`, {
    params: { key, pipelineId },
    extensions: { field: 'key', key, pipelineId },
  });
}

export function stageHoldsOpportunities(stageId: string): GatewayError {
  return new GatewayError(
    CommonErrorCode.CONFLICT,
    'The stage still holds opportunities; move them to another stage before moving the stage to another pipeline',
    { params: { stageId }, extensions: { field: 'pipelineId', stageId } },
  );
}
