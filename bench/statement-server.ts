// The bench's bare servers: node:http + pg, each path running one prepared statement per request
// built from the JSON body `{"id": …, "value": …}`, and nothing else (no auth, validation or
// framework). bench/baseline-server.ts and bench/gateway-statement-server.ts serve through it.
import { createServer } from 'node:http';
import pg from 'pg';

export interface RequestBody {
  id: string;
  value: string;
}

export interface Statement {
  text: string;
  values: readonly unknown[];
}

export function serveStatements(statements: Record<string, (body: RequestBody) => Statement>): void {
  const pool = new pg.Pool({
    connectionString: process.env.DATABASE_URL,
    max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
  });
  createServer((request, response) => {
    if (request.url === '/ready') {
      response.writeHead(200).end();
      return;
    }
    const path = request.url ?? '';
    const statementOf = statements[path];
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    const answer = async () => {
      try {
        if (!statementOf) throw new Error(`no statement at ${path}`);
        const { text, values } = statementOf(JSON.parse(body) as RequestBody);
        const result = await pool.query({ name: path, text, values: [...values] });
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result.rows[0]));
      } catch (error) {
        response.writeHead(500).end(String(error));
      }
    };
    request.on('end', () => void answer());
  }).listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
}
