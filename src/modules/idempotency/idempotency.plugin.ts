// Idempotency-Key on mutations. It works at GraphQL execution, which both entry points share: a
// REST write runs one mutation through the same Yoga (its router forwards the header), so a replay
// maps the stored result to the same REST answer. Without the header nothing here runs.
import { createHash } from 'node:crypto';
import { getOperationAST, GraphQLError, OperationTypeNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Plugin, YogaInitialContext } from 'graphql-yoga';
import type { GatewayContext } from '../../context.js';
import { CommonErrorCode, GatewayError } from '../../errors.js';
import { gatewayErrorOf } from '../../i18n/localized-errors.js';
import { idempotencyKeyInUse, idempotencyKeyInvalid, idempotencyKeyReused } from './idempotency.errors.js';
import type { IdempotencyScope, IdempotencyService, StoredError, StoredResult } from './idempotency.service.js';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const IDEMPOTENT_REPLAYED_HEADER = 'idempotent-replayed';
const KEY_MAX_LENGTH = 255;
const VISIBLE_ASCII = /^[\x21-\x7e]+$/;

/**
 * Codes of answers a retry must run again for: the caller was not let in (401, 403), or the
 * gateway failed (5xx). Domain refusals (404, 409, 400 from the rules) are the request's answer.
 */
const NOT_STORED: ReadonlySet<string> = new Set([
  CommonErrorCode.UNAUTHENTICATED,
  CommonErrorCode.FORBIDDEN,
  CommonErrorCode.DATABASE_UNAVAILABLE,
  CommonErrorCode.INTERNAL_SERVER_ERROR,
  'DATABASE_BUSY',
]);

/** Only our own expected errors are stored: anything else may be masked or transient. */
function isStorable(result: ExecutionResult): boolean {
  return (result.errors ?? []).every((error) => {
    const expected = error instanceof GatewayError ? error : error.originalError;
    return expected instanceof GatewayError && !NOT_STORED.has(expected.code);
  });
}

/**
 * The result as answered, each of our own errors with what it was built from: errors are
 * localised after execution (src/i18n/localized-errors.ts), so a repeat is said in its own
 * request's language rather than the first one's. A success is stored exactly as answered.
 */
function stored(result: ExecutionResult): StoredResult {
  const errors = result.errors?.map((error) => {
    const gatewayError = gatewayErrorOf(error);
    return gatewayError ? { ...error.toJSON(), gatewayError: gatewayError.toRecord() } : error;
  });
  return JSON.parse(JSON.stringify({ data: result.data, errors })) as StoredResult;
}

/** A stored error as graphql-js would have answered it: ours rebuilt, to be said in this request's language. */
function replayedError({ message, path, extensions, gatewayError: record }: StoredError): GraphQLError {
  const gatewayError = record && GatewayError.fromRecord(record);
  return gatewayError
    ? new GraphQLError(gatewayError.message, { path, extensions, originalError: gatewayError })
    : new GraphQLError(message, { path, extensions });
}

function replayed(answer: StoredResult): ExecutionResult {
  return {
    // Yoga answers `extensions.http.headers` as response headers and leaves them out of the body.
    extensions: { http: { headers: { [IDEMPOTENT_REPLAYED_HEADER]: 'true' } } },
    data: answer.data as ExecutionResult['data'],
    errors: answer.errors?.map(replayedError),
  };
}

/** What "the same request" means: the same operation with the same variables, as sent. */
function fingerprintOf(args: ExecutionArgs, query: string | undefined): string {
  return createHash('sha256')
    .update(query ?? '')
    .update('\0')
    .update(args.operationName ?? '')
    .update('\0')
    .update(JSON.stringify(args.variableValues ?? {}))
    .digest('hex');
}

export function useIdempotency(service: IdempotencyService): Plugin {
  return {
    // Synchronous for a request without the header (most): Yoga then awaits nothing here.
    onExecute({ args, setResultAndStopExecution }) {
      // Yoga's untyped Plugin leaves `args` as any; these are graphql-js' execution arguments.
      const execution = args as ExecutionArgs;
      const context = execution.contextValue as GatewayContext & YogaInitialContext;
      const key = context.request.headers.get(IDEMPOTENCY_KEY_HEADER);
      if (key === null) return;
      return idempotent(execution, context, key, setResultAndStopExecution);
    },
  };

  async function idempotent(
    execution: ExecutionArgs,
    context: GatewayContext & YogaInitialContext,
    key: string,
    setResultAndStopExecution: (result: ExecutionResult) => void,
  ) {
    if (getOperationAST(execution.document, execution.operationName)?.operation !== OperationTypeNode.MUTATION) return;
    // Not let in: the mutation answers 401/403, which a retry must not replay.
    if (!context.auth.ok) return;
    if (key.length > KEY_MAX_LENGTH || !VISIBLE_ASCII.test(key)) {
      setResultAndStopExecution({ errors: [idempotencyKeyInvalid(KEY_MAX_LENGTH)] });
      return;
    }

    const scope: IdempotencyScope = { workspaceId: context.auth.key.workspaceId, apiKeyId: context.auth.key.id };
    const claim = await service.claim(scope, key, fingerprintOf(execution, context.params.query));
    switch (claim.kind) {
      case 'in-use':
        return setResultAndStopExecution({ errors: [idempotencyKeyInUse()] });
      case 'reused':
        return setResultAndStopExecution({ errors: [idempotencyKeyReused()] });
      case 'replay':
        return setResultAndStopExecution(replayed(claim.answer));
      case 'claimed':
        return {
          async onExecuteDone({ result }: { result: ExecutionResult | AsyncIterable<ExecutionResult> }) {
            if (Symbol.asyncIterator in result) return;
            if (isStorable(result)) await service.complete(scope, key, stored(result));
            else await service.release(scope, key);
          },
        };
    }
  }
}
