// The GetRaze external API's conventions: `/external/v1`, keys also as `?api_key=`, a rate limit
// per key, and the envelope {"success": false, "error": {"code", "message", "details"}} with its
// own code names (429 adds `retry_after` next to them).
import type { RestApi, RestFailure } from '../../rest/rest-api.js';
import { httpStatusOf, pathIdFailure, restFieldErrors } from '../../rest/rest-api.js';
import type { RestRoute } from '../../rest/rest-route.js';
import { getRazeDocs } from './getraze-docs.js';

/** GetRaze's name for a shared code, where it has its own. */
function getRazeCode(failure: RestFailure): string {
  switch (failure.code) {
    case 'UNAUTHENTICATED':
      return typeof failure.extensions.reason === 'string' ? failure.extensions.reason : 'INVALID_API_KEY';
    case 'FORBIDDEN':
      return 'INSUFFICIENT_PERMISSIONS';
    case 'DATABASE_UNAVAILABLE':
      return 'SERVICE_UNAVAILABLE';
    case 'INTERNAL_SERVER_ERROR':
      return 'INTERNAL_ERROR';
    default:
      return failure.code;
  }
}

function details(failure: RestFailure, route: RestRoute | undefined): Record<string, unknown> {
  return failure.requestId
    ? { ...codeDetails(failure, route), request_id: failure.requestId }
    : codeDetails(failure, route);
}

function codeDetails(failure: RestFailure, route: RestRoute | undefined): Record<string, unknown> {
  const { extensions } = failure;
  switch (failure.code) {
    case 'VALIDATION_ERROR':
      return { fields: restFieldErrors(failure, route) };
    case 'INVALID_STATUS':
      return { valid_statuses: extensions.validStatuses };
    case 'FORBIDDEN':
      return { required_permission: extensions.requiredScope };
    case 'METHOD_NOT_ALLOWED':
      return { allow: extensions.allow };
    case 'PRECONDITION_FAILED':
      return { current_version: extensions.currentVersion };
    default:
      return {};
  }
}

export function getRazeApi(routes: readonly RestRoute[]): RestApi {
  return {
    name: 'GetRaze external API v1',
    basePath: '/external/v1',
    routes,
    apiKeyFrom: (url) => url.searchParams.get('api_key') ?? undefined,
    rateLimited: true,
    docs: getRazeDocs,
    failure(reported, route, locale) {
      const failure = pathIdFailure(reported, route, locale);
      const code = getRazeCode(failure);
      const status = httpStatusOf(failure.code);
      const retryAfter = failure.code === 'RATE_LIMIT_EXCEEDED' ? { retry_after: failure.extensions.retryAfter } : {};
      return {
        status,
        body: {
          success: false,
          error: { code, message: failure.message, details: details(failure, route), ...retryAfter },
        },
        headers:
          status === 401
            ? {
                'www-authenticate':
                  code === 'MISSING_API_KEY'
                    ? 'Bearer realm="external-api"'
                    : `Bearer realm="external-api", error="invalid_token"`,
              }
            : undefined,
      };
    },
  };
}
