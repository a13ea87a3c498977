// Says every error of a GraphQL response in the request's language (Accept-Language), codes and
// other extensions unchanged. The REST layer forwards the header, so its answers follow too.
// Errors are built in English; this re-renders a GatewayError from its catalog message and
// recognises any other text (validation and coercion messages) by its catalog template.
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { GatewayError } from '../errors.js';
import { DEFAULT_LOCALE, type Locale } from './catalog.js';
import { localeOf } from './locale.js';
import { localizeExtensions, say } from './messages.js';

function localizeError(error: GraphQLError, locale: Locale): GraphQLError {
  // Resolver errors arrive wrapped (with a path); errors raised before execution arrive as they are.
  const gatewayError =
    error instanceof GatewayError ? error : error.originalError instanceof GatewayError ? error.originalError : undefined;
  return new GraphQLError(say(gatewayError?.catalogMessage ?? error.message, locale), {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: localizeExtensions(error.extensions, locale),
  });
}

export function useLocalizedErrors(): Plugin {
  return {
    onExecutionResult({ request, result, setResult }) {
      if (!result || Symbol.asyncIterator in result || !result.errors?.length) return;
      const locale = localeOf(request);
      if (locale === DEFAULT_LOCALE) return;
      setResult({ ...result, errors: result.errors.map((error) => localizeError(error, locale)) });
    },
  };
}
