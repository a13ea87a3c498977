// graphql-js reports a bad variable (a malformed email, a non-numeric decimal, an unknown input
// field) as a plain error whose only structure is its text. This plugin turns those into one
// VALIDATION_ERROR with per-field messages, the shape resolver-level validation already has, so
// clients (and the REST layer) handle every invalid input the same way. A refusal of our own
// scalars carries its catalog message; graphql-js' and graphql-scalars' texts are recognised.
import type { ExecutionResult, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { GatewayError, validationError, type FieldErrors } from '../errors.js';
import { msg, recognise, type CatalogMessage } from '../i18n/messages.js';

const INVALID_VALUE = /^Variable "\$(\w+)" got invalid value .*?(?: at "([^"]+)")?; (.*)$/s;
const NOT_PROVIDED =
  /^Variable "\$(\w+)" of (?:required|non-null) type "[^"]+" (?:was not provided|must not be null)\.$/;
const UNKNOWN_FIELD = /^Field "([^"]+)" is not defined by type "[^"]+"\./;
const MISSING_FIELD = /^Field "([^"]+)" of required type "[^"]+" was not provided\./;

/** What a refusal says: its catalog message, or the third-party text it is (quoted as it is when unknown). */
function reasonOf(error: GraphQLError, reason: string): CatalogMessage {
  if (error.originalError instanceof GatewayError) return error.originalError.catalogMessage;
  const text = reason.replace(/^Expected type "[^"]+"\.\s*/, '').trim() || reason;
  return recognise(text) ?? msg('invalidValue', { reason: text });
}

/** The field an input coercion error is about, and what to say of it; undefined for other errors. */
function fieldError(error: GraphQLError): [string, CatalogMessage] | undefined {
  const missingVariable = NOT_PROVIDED.exec(error.message);
  if (missingVariable) return [missingVariable[1] ?? 'input', msg('required')];
  const invalid = INVALID_VALUE.exec(error.message);
  if (!invalid) return undefined;
  const [, variable = '', at, reason = ''] = invalid;
  const unknown = UNKNOWN_FIELD.exec(reason);
  if (unknown) return [unknown[1] ?? variable, msg('unknownField')];
  const missing = MISSING_FIELD.exec(reason);
  if (missing) return [missing[1] ?? variable, msg('required')];
  // "input.email" → "email": field errors name the input field, as validation issues do
  // (src/graphql/validation.ts); other arguments keep their name ("orderBy.field").
  const path = variable === 'input' && at?.startsWith('input.') ? at.slice('input.'.length) : (at ?? variable);
  return [path, reasonOf(error, reason)];
}

/** The per-field messages of a result's errors when every one is an input coercion error. */
export function coercionFieldErrors(errors: readonly GraphQLError[]): FieldErrors | undefined {
  const fields: Record<string, CatalogMessage> = {};
  for (const error of errors) {
    if (error.path) return undefined;
    const entry = fieldError(error);
    if (!entry) return undefined;
    fields[entry[0]] ??= entry[1];
  }
  return fields;
}

function mergeCoercionErrors(result: ExecutionResult): ExecutionResult | undefined {
  if (!result.errors?.length || result.data) return undefined;
  const fields = coercionFieldErrors(result.errors);
  return fields && { ...result, errors: [validationError(fields)] };
}

export function useInputValidationErrors(): Plugin {
  return {
    onExecutionResult({ result, setResult }) {
      if (!result || Symbol.asyncIterator in result) return;
      const merged = mergeCoercionErrors(result);
      if (merged) setResult(merged);
    },
  };
}
