// The yardstick: a minimal node:http + pg server doing a bare `UPDATE … RETURNING` per request,
// with no auth, validation or history. `npm run bench` measures the gateway against it.
import { createServer } from 'node:http';
import pg from 'pg';

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
});

const statements: Record<string, string> = {
  '/move':
    'UPDATE opportunity SET stage_id = $2::uuid, version = version + 1, updated_at = now() WHERE id = $1 RETURNING id, stage_id, version, updated_at',
  '/update':
    'UPDATE opportunity SET notes = $2, version = version + 1, updated_at = now() WHERE id = $1 RETURNING id, notes, version, updated_at',
};

createServer((request, response) => {
  if (request.url === '/ready') {
    response.writeHead(200).end();
    return;
  }
  const sql = statements[request.url ?? ''];
  let body = '';
  request.on('data', (chunk: Buffer) => (body += chunk));
  request.on('end', async () => {
    try {
      const { id, value } = JSON.parse(body) as { id: string; value: string };
      const result = await pool.query({ name: request.url, text: sql ?? '', values: [id, value] });
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result.rows[0]));
    } catch (error) {
      response.writeHead(500).end(String(error));
    }
  });
}).listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
