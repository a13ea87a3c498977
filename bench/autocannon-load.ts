// The fallback load generator when wrk is not installed: autocannon in its own process, with the
// plan and the summary of bench/request.lua. Arguments: url plan-file seconds connections.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const [url, planFile, seconds, connections] = process.argv.slice(2) as [string, string, string, string];
const plan = { method: 'GET' as autocannon.Request['method'], path: '/', body: '', graphql: false };
const headers: Record<string, string> = {};
const lists: Record<'id' | 'stage', string[]> = { id: [], stage: [] };
for (const line of readFileSync(planFile, 'utf8').split('\n')) {
  const space = line.indexOf(' ');
  const [key, value] = [line.slice(0, space), line.slice(space + 1)];
  if (key === 'method') plan.method = value as autocannon.Request['method'];
  else if (key === 'path' || key === 'body') plan[key] = value;
  else if (key === 'graphql') plan.graphql = value === '1';
  else if (key === 'id' || key === 'stage') lists[key].push(value);
  else if (key === 'header') headers[value.slice(0, value.indexOf(' '))] = value.slice(value.indexOf(' ') + 1);
}
const pick = (list: readonly string[]) => list[Math.floor(Math.random() * list.length)]!;
const fill = (template: string) =>
  template.replace(/\{(id|stage|note)\}/g, (_, name: string) =>
    name === 'id' ? pick(lists.id) : name === 'stage' ? pick(lists.stage) : String(Math.floor(Math.random() * 1e9)),
  );

let graphqlErrors = 0;
const result = await autocannon({
  url,
  connections: Number(connections),
  duration: Number(seconds),
  headers,
  requests: [
    {
      setupRequest: (request) => ({ ...request, method: plan.method, path: fill(plan.path), body: fill(plan.body) }),
      onResponse: (status, body) => {
        if (plan.graphql && status >= 200 && status < 300 && body.includes('"errors"')) graphqlErrors += 1;
      },
    },
  ],
});
const summary = {
  requests: result.requests.total,
  durationUs: Math.round(result.duration * 1e6),
  p50Us: Math.round(result.latency.p50 * 1000),
  p99Us: Math.round(result.latency.p99 * 1000),
  non2xx: result.non2xx,
  graphqlErrors,
  socketErrors: result.errors + result.timeouts,
};
console.log(`BENCH ${JSON.stringify(summary)}`);
