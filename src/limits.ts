// The sizes the gateway allows, in one place: the GraphQL schema's validation, the REST APIs'
// documentation and the request readers all take them from here, so none can drift from another.

/** A name (opportunity, company, job title, pipeline, stage, API key), in characters. */
export const NAME_MAX_LENGTH = 255;
/** A pipeline's or a stage's description, in characters. */
export const DESCRIPTION_MAX_LENGTH = 5000;
/** An opportunity search, in characters: each one is ILIKE work on three columns. */
export const SEARCH_MAX_LENGTH = 200;

/** The records one page of a list may hold. */
export const PAGE_SIZE = { min: 1, max: 100 } as const;

/** A GraphQL request body, in bytes. */
export const GRAPHQL_BODY_MAX_BYTES = 1024 * 1024;
/** A REST request body (one record), in bytes. */
export const REST_BODY_MAX_BYTES = 100 * 1024;
/** Arrays and objects nested in each other in a JSON body. */
export const JSON_MAX_DEPTH = 32;

/** The largest deal value its column (DECIMAL(18,2)) holds, as text: no JS number holds it exactly. */
export const DEAL_VALUE_MAX = '9999999999999999.99';
