// The REST APIs served next to /graphql, each with routes from the domains' folders.
import { opportunityRoutes } from '../modules/opportunity/opportunity.rest.js';
import { pipelineRoutes } from '../modules/pipeline/pipeline.rest.js';
import { getRazeApi } from './getraze-api.js';
import { getRazeDocs } from './getraze-docs.js';
import type { RestApi } from './rest-api.js';
import { ruddrApi } from './ruddr-api.js';

export const restApis: readonly RestApi[] = [
  { ...getRazeApi(opportunityRoutes), docs: getRazeDocs },
  ruddrApi(pipelineRoutes),
];
