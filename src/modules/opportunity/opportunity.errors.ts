// Error codes of the opportunity domain, beyond the shared ones in src/errors.ts.
import { GatewayError } from '../../errors.js';

export const OpportunityErrorCode = {
  INVALID_STATUS: 'INVALID_STATUS',
  STAGE_INACTIVE: 'STAGE_INACTIVE',
  STAGE_NOT_IN_PIPELINE: 'STAGE_NOT_IN_PIPELINE',
} as const;

export function invalidStatus(status: string, validStatuses: readonly string[]): GatewayError {
  return new GatewayError(
    OpportunityErrorCode.INVALID_STATUS,
    `Invalid status "${status}". Valid values: ${validStatuses.join(', ')}`,
    { params: { status, validStatuses }, extensions: { validStatuses } },
  );
}

export function stageInactive(stageId: string): GatewayError {
  return new GatewayError(
    OpportunityErrorCode.STAGE_INACTIVE,
    'The target stage is inactive; opportunities cannot be moved into it',
    { params: { stageId }, extensions: { stageId } },
  );
}

export function stageNotInPipeline(stageId: string, pipelineId: string): GatewayError {
  return new GatewayError(
    OpportunityErrorCode.STAGE_NOT_IN_PIPELINE,
    "The target stage belongs to another pipeline; name that pipeline as pipelineId to move the opportunity into it",
    { params: { stageId, pipelineId }, extensions: { stageId, pipelineId } },
  );
}
