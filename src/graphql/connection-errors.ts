// Pothos refuses bad connection arguments (`first: -1`, `before` with `first`, a cursor it cannot
// read) with a bare GraphQLError (PothosValidationError): no code, English only. These are the
// client's mistakes, so they become VALIDATION_ERRORs naming the arguments, said from the catalog,
// where the error was raised.
// (Not in maskError: Yoga logs every error that one replaces, and these are not the server's.)
import { locatedError, type GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { PothosValidationError } from '@pothos/core';
import { validationError } from '../errors.js';
import type { MessageId } from '../i18n/catalog.js';
import { msg, recognise, type CatalogMessage } from '../i18n/messages.js';

/** The arguments a connection refusal is about, by catalog message. */
const ARGUMENTS_OF: Partial<Record<MessageId, (params: CatalogMessage['params']) => unknown[]>> = {
  negativeConnectionArgument: ({ argument }) => [argument],
  conflictingConnectionArguments: ({ argument, other }) => [argument, other],
  invalidCursor: () => [],
};

/** The VALIDATION_ERROR a Pothos refusal is, at the same place; undefined for any other error. */
function refusalError(error: GraphQLError): GraphQLError | undefined {
  if (!(error.originalError instanceof PothosValidationError)) return undefined;
  const { message: text } = error.originalError;
  const recognised = recognise(text);
  const argumentsOf = recognised && ARGUMENTS_OF[recognised.id];
  // Pothos' other refusals are just as much about the request; said as they are.
  const message = argumentsOf ? recognised : msg('invalidValue', { reason: text });
  const fields = Object.fromEntries(
    (argumentsOf?.(message.params) ?? []).map((argument) => [String(argument), message]),
  );
  return locatedError(validationError(fields, message), error.nodes, error.path);
}

export function useConnectionArgumentErrors(): Plugin {
  return {
    onExecutionResult({ result, setResult }) {
      if (!result || Symbol.asyncIterator in result || !result.errors?.length) return;
      const { errors } = result;
      if (!errors.some((error) => error.originalError instanceof PothosValidationError)) return;
      setResult({ ...result, errors: errors.map((error) => refusalError(error) ?? error) });
    },
  };
}
