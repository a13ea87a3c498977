// The GraphQL endpoint reads its JSON body with the gateway's strict reader (src/http/json-body.ts):
// bounded, strict UTF-8, bounded nesting, no NUL character. Other requests (GET, other media
// types) keep Yoga's own parsing, and Yoga still checks the parameters' shape. String literals in
// the document are held to the same NUL rule.
import type { ValidationRule } from 'graphql';
import type { GraphQLParams, Plugin } from 'graphql-yoga';
import { CommonErrorCode, GatewayError } from '../errors.js';
import { bodyRefusalError, readJsonBody, type JsonBodyLimits } from '../http/json-body.js';
import { msg } from '../i18n/messages.js';

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\b/i;

export function useStrictJsonBody(limits: JsonBodyLimits): Plugin {
  return {
    onRequestParse({ request, setRequestParser }) {
      if (request.method !== 'POST' || !JSON_MEDIA_TYPE.test(request.headers.get('content-type') ?? '')) return;
      setRequestParser(async (incoming) => {
        const body = await readJsonBody(incoming, limits);
        if (!body.ok) {
          // A variable's path is what GraphQL errors name: `variables.input.name` → `input.name`.
          throw bodyRefusalError(
            body.reason === 'nulCharacter' ? { ...body, path: body.path.replace(/^variables\./, '') } : body,
          );
        }
        return (body.empty ? {} : body.value) as GraphQLParams;
      });
    },
  };
}

/** The same NUL rule for string literals written in the document itself. */
const refuseNulLiterals: ValidationRule = (context) => ({
  StringValue(node) {
    if (!node.value.includes('\0')) return;
    context.reportError(
      new GatewayError(CommonErrorCode.VALIDATION_ERROR, msg('invalidFieldValues'), {
        fields: { query: msg('nulCharacter') },
      }),
    );
  },
});

export function useNoNulLiterals(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(refuseNulLiterals);
    },
  };
}
