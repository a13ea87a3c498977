// The GetRaze external API's opportunity routes: each one a GraphQL operation of the opportunity module plus
// the mapping between snake_case REST fields and the GraphQL schema.
import { z } from 'zod';
import type { Scope } from '../../modules/api-key/scopes.js';
import { inputFrom, intParam, restFieldNames, textParam } from '../../rest/rest-input.js';
import { restFailure } from '../../rest/rest-failure.js';
import { defineRoutes, type OperationData, type RestRoute } from '../../rest/rest-route.js';

const FIELDS = `id name email phone company jobTitle dealValue dealCurrency notes responsibleUserId
  status pipelineId stageId wonAt lostAt stageChangedAt version createdAt updatedAt`;

export interface OpportunityData {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  company: string | null;
  jobTitle: string | null;
  dealValue: string | null;
  dealCurrency: string;
  notes: string | null;
  responsibleUserId: string | null;
  status: string;
  pipelineId: string;
  stageId: string;
  wonAt: string | null;
  lostAt: string | null;
  stageChangedAt: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** The REST representation (GetRaze names; deal_value as a JSON number). */
export function toRest(o: OpportunityData) {
  return {
    id: o.id,
    name: o.name,
    email: o.email,
    phone: o.phone,
    company: o.company,
    position: o.jobTitle,
    status: o.status,
    deal_value: o.dealValue === null ? null : Number(o.dealValue),
    deal_currency: o.dealCurrency,
    notes: o.notes,
    responsible_user_id: o.responsibleUserId,
    pipeline_id: o.pipelineId,
    stage_id: o.stageId,
    won_at: o.wonAt,
    lost_at: o.lostAt,
    stage_changed_at: o.stageChangedAt,
    version: o.version,
    created_at: o.createdAt,
    updated_at: o.updatedAt,
  };
}

/** REST body field → GraphQL input field. */
const WRITABLE: Record<string, string> = {
  name: 'name',
  email: 'email',
  phone: 'phone',
  company: 'company',
  position: 'jobTitle',
  deal_value: 'dealValue',
  deal_currency: 'dealCurrency',
  notes: 'notes',
  responsible_user_id: 'responsibleUserId',
};
/** Query parameter → GraphQL argument path, for per-field errors of the listing. */
const LIST_PARAMS: Record<string, string> = {
  sort_by: 'orderBy.field',
  sort_order: 'orderBy.direction',
  status: 'filter.status',
  search: 'filter.search',
  responsible_user_id: 'filter.responsibleUserId',
};
const restFieldName = restFieldNames(WRITABLE, LIST_PARAMS);

const one = (data: OperationData, field: string) => toRest(data[field] as OpportunityData);

// Documentation schemas (OpenAPI); validation itself is the GraphQL schema's.
const OpportunitySchema = z.object({
  id: z.string().meta({ example: 'opp_abc123def456' }),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  company: z.string().nullable(),
  position: z.string().nullable(),
  status: z.string(),
  deal_value: z.number().nullable(),
  deal_currency: z.string(),
  notes: z.string().nullable(),
  responsible_user_id: z.string().nullable(),
  pipeline_id: z.string(),
  stage_id: z.string(),
  won_at: z.string().nullable(),
  lost_at: z.string().nullable(),
  stage_changed_at: z.string(),
  version: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});
const WritableSchema = z.object({
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  company: z.string().nullable(),
  position: z.string().nullable(),
  deal_value: z.number().nonnegative().nullable(),
  deal_currency: z.string().length(3),
  notes: z.string().nullable(),
  responsible_user_id: z.string().nullable(),
});
const envelope = (data: z.ZodType) => z.object({ success: z.literal(true), data });

export const opportunityRoutes: ReadonlyArray<RestRoute<Scope>> = defineRoutes<Scope>([
  {
    method: 'PATCH',
    path: '/opportunities/:id/stage',
    summary: 'Update Opportunity Stage',
    scope: 'opportunities:write',
    operation: `mutation RestMoveOpportunityStage($id: ID!, $input: MoveOpportunityStageInput!) {
      moveOpportunityStage(id: $id, input: $input) { ${FIELDS} } }`,
    variables: ({ params, body }) => ({ id: params.id, input: inputFrom(body, { fields: { status: 'status' } }) }),
    respond: (data) => ({ success: true, data: one(data, 'moveOpportunityStage') }),
    restFieldName,
    docs: {
      description: 'Updates only the status/stage of an opportunity. `won` sets won_at, `lost` sets lost_at.',
      body: z.object({ status: z.enum(['new', 'contacted', 'qualified', 'proposal', 'negotiation', 'won', 'lost']) }),
      response: envelope(OpportunitySchema),
    },
  },
  {
    method: 'PUT',
    path: '/opportunities/:id',
    summary: 'Update Opportunity',
    scope: 'opportunities:write',
    operation: `mutation RestUpdateOpportunity($id: ID!, $input: UpdateOpportunityInput!) {
      updateOpportunity(id: $id, input: $input) { ${FIELDS} } }`,
    variables: ({ params, body }) => ({
      id: params.id,
      input: inputFrom(body, {
        fields: { ...WRITABLE, status: 'status' },
        refuse: (field) =>
          field === 'status'
            ? 'The status cannot be changed here; use PATCH /external/v1/opportunities/:id/stage'
            : undefined,
      }),
    }),
    respond: (data) => ({ success: true, data: one(data, 'updateOpportunity') }),
    restFieldName,
    docs: {
      description: 'Updates only the provided fields. To change the status, use the Update Stage endpoint.',
      body: WritableSchema.partial(),
      response: envelope(OpportunitySchema),
    },
  },
  {
    method: 'GET',
    path: '/opportunities',
    summary: 'List Opportunities',
    scope: 'opportunities:read',
    operation: `query RestListOpportunities($filter: OpportunityFilter, $orderBy: OpportunityOrder, $page: Int, $limit: Int) {
      opportunityPage(filter: $filter, orderBy: $orderBy, page: $page, limit: $limit) {
        totalCount page limit nodes { ${FIELDS} } } }`,
    variables: ({ query }) => ({
      page: intParam(query, 'page'),
      limit: intParam(query, 'limit'),
      filter: {
        search: textParam(query, 'search'),
        status: textParam(query, 'status'),
        responsibleUserId: textParam(query, 'responsible_user_id'),
      },
      orderBy: {
        field: (textParam(query, 'sort_by') ?? 'created_at').toUpperCase(),
        direction: (textParam(query, 'sort_order') ?? 'desc').toUpperCase(),
      },
    }),
    respond: (data) => {
      const page = data.opportunityPage as {
        totalCount: number;
        page: number;
        limit: number;
        nodes: OpportunityData[];
      };
      return {
        success: true,
        data: {
          opportunities: page.nodes.map(toRest),
          pagination: {
            page: page.page,
            limit: page.limit,
            total: page.totalCount,
            total_pages: Math.ceil(page.totalCount / page.limit),
          },
        },
      };
    },
    restFieldName,
    docs: {
      query: z
        .object({
          page: z.number().int().min(1).default(1),
          limit: z.number().int().min(1).max(100).default(20),
          search: z.string(),
          status: z.string(),
          responsible_user_id: z.string(),
          sort_by: z.enum(['created_at', 'updated_at', 'name', 'deal_value']).default('created_at'),
          sort_order: z.enum(['asc', 'desc']).default('desc'),
        })
        .partial(),
      response: envelope(
        z.object({
          opportunities: z.array(OpportunitySchema),
          pagination: z.object({ page: z.number(), limit: z.number(), total: z.number(), total_pages: z.number() }),
        }),
      ),
    },
  },
  {
    method: 'GET',
    path: '/opportunities/:id',
    summary: 'Get Opportunity',
    scope: 'opportunities:read',
    operation: `query RestGetOpportunity($id: ID!) { opportunity(id: $id) { ${FIELDS} } }`,
    variables: ({ params }) => ({ id: params.id }),
    respond: (data) => {
      if (!data.opportunity) restFailure('NOT_FOUND', 'Opportunity not found', { entity: 'Opportunity' });
      return { success: true, data: one(data, 'opportunity') };
    },
    docs: { response: envelope(OpportunitySchema) },
  },
  {
    method: 'POST',
    path: '/opportunities',
    summary: 'Create Opportunity',
    scope: 'opportunities:write',
    successStatus: 201,
    operation: `mutation RestCreateOpportunity($input: CreateOpportunityInput!) {
      createOpportunity(input: $input) { ${FIELDS} } }`,
    variables: ({ body }) => ({
      input: { status: 'new', ...inputFrom(body, { fields: { ...WRITABLE, status: 'status' } }) },
    }),
    respond: (data) => ({ success: true, data: one(data, 'createOpportunity') }),
    restFieldName,
    docs: {
      description: '`name` is required; status defaults to `new`, deal_currency to `BRL`.',
      body: WritableSchema.partial().extend({ name: z.string(), status: z.string().optional() }),
      response: envelope(OpportunitySchema),
    },
  },
  {
    method: 'DELETE',
    path: '/opportunities/:id',
    summary: 'Delete Opportunity',
    scope: 'opportunities:delete',
    operation: `mutation RestDeleteOpportunity($id: ID!) { deleteOpportunity(id: $id) { id } }`,
    variables: ({ params }) => ({ id: params.id }),
    respond: () => ({ success: true, message: 'Opportunity deleted successfully' }),
    docs: { response: z.object({ success: z.literal(true), message: z.string() }) },
  },
]);
