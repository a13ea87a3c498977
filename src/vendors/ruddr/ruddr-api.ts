// The Ruddr workspace API's conventions: `/api/workspace`, `Authorization: Bearer <token>` only,
// camelCase fields, UUID ids, cursor lists answering {"results", "hasMore"}, 200 for every
// success (its errors guide lists no 201), and failures as {"status", "message", "errors"}.
// Its routes are built by `ruddrResource` (ruddr-resource.ts).
import { z } from 'zod';
import { httpStatusOf, pathIdFailure, restFieldErrors, type RestApi, type RestFailure } from '../../rest/rest-api.js';
import type { RestRoute } from '../../rest/rest-route.js';
import type { Locale } from '../../i18n/catalog.js';
import { msg, render } from '../../i18n/messages.js';

const RuddrErrorSchema = z.object({
  status: z.number().int().meta({ description: 'The HTTP status, repeated.', example: 400 }),
  message: z.string(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).meta({
    description: 'One item per invalid body field or query parameter (REST names); empty for other failures.',
  }),
});

function message(failure: RestFailure, locale: Locale): string {
  // The shared message also names X-API-Key, which this API does not take.
  if (failure.code === 'UNAUTHENTICATED' && failure.extensions.reason === 'MISSING_API_KEY') {
    return render(msg('bearerTokenRequired'), locale);
  }
  return failure.message;
}

export function ruddrApi(routes: readonly RestRoute[]): RestApi {
  return {
    name: 'Ruddr workspace API',
    basePath: '/api/workspace',
    routes,
    keyHeaders: ['authorization'],
    docs: { error: RuddrErrorSchema, security: ['BearerAuth'] },
    failure(reported, route, locale) {
      const failure = pathIdFailure(reported, route, locale);
      const status = httpStatusOf(failure.code);
      const fields = failure.code === 'VALIDATION_ERROR' ? restFieldErrors(failure, route) : {};
      const errors = Object.entries(fields).map(([field, text]) => ({ field, message: text }));
      const invalidToken = failure.extensions.reason !== 'MISSING_API_KEY' ? ', error="invalid_token"' : '';
      return {
        status,
        body: {
          status,
          message: errors.length ? render(msg('requestHasErrors'), locale) : message(failure, locale),
          errors,
        },
        headers: status === 401 ? { 'www-authenticate': `Bearer realm="workspace-api"${invalidToken}` } : undefined,
      };
    },
  };
}
