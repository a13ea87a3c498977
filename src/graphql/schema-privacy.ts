// Introspection and "Did you mean …?" suggestions describe the schema: only a caller with a valid
// API key gets them (GraphiQL sends one). Both checks run only when they can matter: the query
// text mentions `__schema`/`__type`, or a validation error carries a suggestion.
import { GraphQLError, type ValidationRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { CommonErrorCode, GatewayError } from '../errors.js';
import { msg } from '../i18n/messages.js';

const INTROSPECTION = /\b__(?:schema|type)\b/;
const SUGGESTION = / ?Did you mean [^?]+\?/g;

const refuseIntrospection: ValidationRule = (context) => ({
  Field(node) {
    if (node.name.value === '__schema' || node.name.value === '__type') {
      context.reportError(new GatewayError(CommonErrorCode.UNAUTHENTICATED, msg('introspectionNeedsKey')));
    }
  },
});

function withoutSuggestion(error: GraphQLError): GraphQLError {
  if (!error.message.includes('Did you mean')) return error;
  return new GraphQLError(error.message.replace(SUGGESTION, ''), {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: error.extensions,
  });
}

export function useSchemaPrivacy(hasValidKey: (request: Request) => Promise<boolean>): Plugin {
  const keyless = new WeakSet<Request>();
  return {
    // Hooks that find nothing to check return at once, without a promise for Yoga to await.
    onParams({ params, request }) {
      if (!params.query || !INTROSPECTION.test(params.query)) return;
      return hasValidKey(request).then((valid) => {
        if (!valid) keyless.add(request);
      });
    },
    onValidate({ addValidationRule, context }) {
      if (keyless.has(context.request)) addValidationRule(refuseIntrospection);
    },
    onResultProcess({ request, result, setResult }) {
      if (Array.isArray(result) || !('errors' in result) || !result.errors) return;
      const errors = result.errors;
      if (!errors.some((error) => error.message.includes('Did you mean'))) return;
      return hasValidKey(request).then((valid) => {
        if (!valid) setResult({ ...result, errors: errors.map((error) => withoutSuggestion(error)) });
      });
    },
  };
}
