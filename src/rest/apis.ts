// The REST APIs served next to /graphql, each with routes from the domains' folders.
import { opportunityRoutes } from '../modules/opportunity/opportunity.rest.js';
import { getRazeApi } from './getraze-api.js';
import type { RestApi } from './rest-api.js';

export const restApis: readonly RestApi[] = [getRazeApi(opportunityRoutes)];
