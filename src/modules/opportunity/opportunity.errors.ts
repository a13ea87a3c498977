// Error codes of the opportunity domain, beyond the shared ones in src/errors.ts.
import { GatewayError } from '../../errors.js';
import { msg } from '../../i18n/messages.js';

export const OpportunityErrorCode = {
  NOT_APPLIED: 'NOT_APPLIED',
  INVALID_STATUS: 'INVALID_STATUS',
  STAGE_INACTIVE: 'STAGE_INACTIVE',
  STAGE_NOT_IN_PIPELINE: 'STAGE_NOT_IN_PIPELINE',
} as const;

export function invalidStatus(status: string, validStatuses: readonly string[]): GatewayError {
  return new GatewayError(OpportunityErrorCode.INVALID_STATUS, msg('invalidStatus', { status, validStatuses }), {
    extensions: { validStatuses },
  });
}

export function stageInactive(stageId: string): GatewayError {
  return new GatewayError(OpportunityErrorCode.STAGE_INACTIVE, msg('stageInactive', { stageId }), {
    extensions: { stageId },
  });
}

export function stageNotInPipeline(stageId: string, pipelineId: string): GatewayError {
  return new GatewayError(
    OpportunityErrorCode.STAGE_NOT_IN_PIPELINE,
    msg('stageNotInPipeline', { stageId, pipelineId }),
    {
      extensions: { stageId, pipelineId },
    },
  );
}

/** A move of an all-or-none batch that could have been made, left undone because another failed. */
export function moveNotApplied(): GatewayError {
  return new GatewayError(OpportunityErrorCode.NOT_APPLIED, msg('moveNotApplied'));
}
