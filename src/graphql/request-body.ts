// The GraphQL endpoint reads its JSON body with the gateway's strict reader (src/http/json-body.ts):
// bounded, strict UTF-8, bounded nesting, no NUL character. Other requests (GET, other media
// types) keep Yoga's own parsing, their bodies bounded here too, and Yoga still checks the
// parameters' shape. String literals in
// the document are held to the same NUL rule.
import type { ValidationRule } from 'graphql';
import type { GraphQLParams, Plugin } from 'graphql-yoga';
import { CommonErrorCode, GatewayError } from '../errors.js';
import { bodyRefusalError, readBytes, readJsonBody, type JsonBodyLimits } from '../http/json-body.js';
import { msg } from '../i18n/messages.js';

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\b/i;

export function useStrictJsonBody(limits: JsonBodyLimits): Plugin {
  const tooLarge = () => bodyRefusalError({ reason: 'tooLarge', limit: limits.maxBytes });
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      if (request.method !== 'POST') return;
      if (!JSON_MEDIA_TYPE.test(request.headers.get('content-type') ?? '')) {
        // Yoga's parser for the other media types (application/graphql, urlencoded) reads a body
        // this reader has bounded: Yoga's own limit is off (src/yoga.ts), this one covers every POST.
        if (!requestParser) return;
        setRequestParser(async (incoming) => {
          const bytes = await readBytes(incoming, limits.maxBytes);
          if (!bytes) throw tooLarge();
          return requestParser(
            new fetchAPI.Request(incoming.url, { method: 'POST', headers: incoming.headers, body: bytes }),
          );
        });
        return;
      }
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
