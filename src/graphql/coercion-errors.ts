// graphql-js reports a bad variable (a malformed email, a non-numeric decimal, an unknown input
// field) as a plain error whose only structure is its text. This plugin turns those into one
// VALIDATION_ERROR with per-field messages, the shape resolver-level validation already has, so
// clients (and the REST layer) handle every invalid input the same way.
import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { CommonErrorCode, type FieldErrors } from '../errors.js';

const INVALID_VALUE = /^Variable "\$(\w+)" got invalid value .*?(?: at "([^"]+)")?; (.*)$/s;
const NOT_PROVIDED = /^Variable "\$(\w+)" of (?:required|non-null) type "[^"]+" (?:was not provided|must not be null)\.$/;
const UNKNOWN_FIELD = /^Field "([^"]+)" is not defined by type "[^"]+"\./;
const MISSING_FIELD = /^Field "([^"]+)" of required type "[^"]+" was not provided\./;

/** The field an input coercion error is about, and what to say of it; undefined for other errors. */
function fieldError(message: string): [string, string] | undefined {
  const missingVariable = NOT_PROVIDED.exec(message);
  if (missingVariable) return [missingVariable[1] ?? 'input', 'Required'];
  const invalid = INVALID_VALUE.exec(message);
  if (!invalid) return undefined;
  const [, variable = '', at, reason = ''] = invalid;
  const unknown = UNKNOWN_FIELD.exec(reason);
  if (unknown) return [unknown[1] ?? variable, 'Unknown field'];
  const missing = MISSING_FIELD.exec(reason);
  if (missing) return [missing[1] ?? variable, 'Required'];
  // "input.email" → "email": field errors name the input field, as validation issues do
  // (src/graphql/validation.ts); other arguments keep their name ("orderBy.field").
  const path = variable === 'input' && at?.startsWith('input.') ? at.slice('input.'.length) : (at ?? variable);
  return [path, reason.replace(/^Expected type "[^"]+"\.\s*/, '').trim() || reason];
}

function mergeCoercionErrors(result: ExecutionResult): ExecutionResult | undefined {
  if (!result.errors?.length || result.data) return undefined;
  const fields: FieldErrors = {};
  for (const error of result.errors) {
    if (error.path) return undefined;
    const entry = fieldError(error.message);
    if (!entry) return undefined;
    fields[entry[0]] ??= entry[1];
  }
  return {
    ...result,
    errors: [
      new GraphQLError('Invalid field values', {
        extensions: { code: CommonErrorCode.VALIDATION_ERROR, fields },
      }),
    ],
  };
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
