// What the OpenAPI document says of the GetRaze external API as a whole: its error envelope and
// the three ways to send a key. (Kept beside getraze-api.ts, which answers that envelope.)
import { z } from 'zod';
import type { RestApiDocs } from '../../rest/rest-api.js';

export const getRazeDocs: RestApiDocs = {
  error: z.object({
    success: z.literal(false),
    error: z.object({
      code: z.string().meta({
        description:
          'MISSING_API_KEY, INVALID_API_KEY, EXPIRED_API_KEY (401); INSUFFICIENT_PERMISSIONS (403); ' +
          'VALIDATION_ERROR, INVALID_STATUS, INVALID_JSON (400); NOT_FOUND (404); CONFLICT (409); ' +
          'PRECONDITION_FAILED (412); ' +
          'RATE_LIMIT_EXCEEDED (429); …',
        example: 'NOT_FOUND',
      }),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).meta({
        description:
          'e.g. `fields` (per-field messages) for VALIDATION_ERROR, `valid_statuses` for INVALID_STATUS, ' +
          '`current_version` for PRECONDITION_FAILED; always `request_id`, as in the X-Request-Id header.',
      }),
      retry_after: z
        .number()
        .int()
        .optional()
        .meta({ description: 'RATE_LIMIT_EXCEEDED only: seconds until the window resets.' }),
    }),
  }),
  security: ['ApiKeyAuth', 'BearerAuth', 'ApiKeyQuery'],
};
