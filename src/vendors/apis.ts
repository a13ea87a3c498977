// The REST APIs served next to /graphql: each vendor's envelope with the routes it assembles.
import type { RestApi } from '../rest/rest-api.js';
import { getRazeApi } from './getraze/getraze-api.js';
import { opportunityRoutes } from './getraze/opportunity.rest.js';
import { ruddrApi } from './ruddr/ruddr-api.js';
import { pipelineRoutes } from './ruddr/pipeline.rest.js';

export const restApis: readonly RestApi[] = [getRazeApi(opportunityRoutes), ruddrApi(pipelineRoutes)];
