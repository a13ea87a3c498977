// The gateway's own write statements (src/modules/opportunity/opportunity.service.ts: the move,
// with its history row and event, and the partial update of the notes, with its event) sent bare,
// one per request, by a server as small as the raw one. Its ratio is the most the gateway could
// reach on this machine with those writes, whatever its own CPU: the gap between it and the
// gateway is the gateway's own cost. BENCH_WORKSPACE_ID and BENCH_ACTOR_ID: whose writes they are.
import {
  moveStatement,
  partialUpdateStatement,
  type WriteRun,
} from '../src/modules/opportunity/opportunity.service.js';
import { serveStatements } from './statement-server.js';

const workspaceId = process.env.BENCH_WORKSPACE_ID ?? '';
const actorId = process.env.BENCH_ACTOR_ID ?? '';
const run = (id: string): WriteRun => ({ id, workspaceId, actorId, expectedVersion: null, source: 'rest' });

serveStatements({
  '/move': ({ id, value }) => moveStatement({ ...run(id), stageId: null, pipelineId: null, status: value }),
  '/update': ({ id, value }) => {
    const statement = partialUpdateStatement({ notes: value }, run(id));
    if (!statement) throw new Error('a notes update always has a statement');
    return statement;
  },
});
