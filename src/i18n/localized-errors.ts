// Says every error of a GraphQL response in the request's language (Accept-Language), codes and
// other extensions unchanged. The REST layer forwards the header, so its answers follow too.
// A GatewayError is rendered from its catalog message; any other error is a third-party text
// (Yoga's masked error), said again when the catalog recognises it.
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { GatewayError, type SaidError } from '../errors.js';
import { DEFAULT_LOCALE, type Locale } from './catalog.js';
import { localeOf } from './locale.js';
import { recognise, render } from './messages.js';

/** The GatewayError an error is: itself, or the one graphql-js located (same message, with a path). */
export function gatewayErrorOf(error: GraphQLError): GatewayError | undefined {
  if (error instanceof GatewayError) return error;
  const { originalError } = error;
  // A GatewayError inside another text (graphql-js quoting a scalar's refusal) is only a reason.
  return originalError instanceof GatewayError && originalError.message === error.message ? originalError : undefined;
}

function saidIn(error: GraphQLError, locale: Locale): SaidError | undefined {
  const gatewayError = gatewayErrorOf(error);
  if (gatewayError) return gatewayError.inLocale(locale);
  const known = recognise(error.message);
  return known && { message: render(known, locale), extensions: error.extensions };
}

function localizeError(error: GraphQLError, locale: Locale): GraphQLError {
  const said = saidIn(error, locale);
  if (!said) return error;
  return new GraphQLError(said.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: said.extensions,
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
