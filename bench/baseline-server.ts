// The yardstick: a minimal node:http + pg server doing a bare `UPDATE … RETURNING` per request,
// with no auth, validation or history. `npm run bench` measures the gateway against it.
import { serveStatements } from './statement-server.js';

serveStatements({
  '/move': ({ id, value }) => ({
    text: 'UPDATE opportunity SET stage_id = $2::uuid, version = version + 1, updated_at = now() WHERE id = $1 RETURNING id, stage_id, version, updated_at',
    values: [id, value],
  }),
  '/update': ({ id, value }) => ({
    text: 'UPDATE opportunity SET notes = $2, version = version + 1, updated_at = now() WHERE id = $1 RETURNING id, notes, version, updated_at',
    values: [id, value],
  }),
});
