// Assembles the schema: each module registers its types, queries and mutations on the builder.
import { lexicographicSortSchema } from 'graphql';
import { builder } from './builder.js';
import './graphql/scalars.js';
import './modules/opportunity/opportunity.graphql.js';
import './modules/opportunity/opportunity-bulk-move.graphql.js';
import './modules/opportunity/pipeline-velocity.graphql.js';
import './modules/pipeline/pipeline.graphql.js';
import './modules/api-key/api-key.graphql.js';
import './modules/webhook/webhook.graphql.js';
import './modules/opportunity-event/opportunity-event.graphql.js';

export const schema = lexicographicSortSchema(builder.toSchema());
