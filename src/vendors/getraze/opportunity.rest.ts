// The GetRaze external API's opportunity routes: each one a GraphQL operation of the opportunity
// module plus the mapping between snake_case REST fields and the GraphQL schema. The REST shape of
// an opportunity is declared once (`RestOpportunitySchema`): the answers' type, the mapping and
// the documented bodies derive from it, and the GraphQL side from the typed fragment.
import { z } from 'zod';
import { msg } from '../../i18n/messages.js';
import { PAGE_SIZE } from '../../limits.js';
import type { Scope } from '../../modules/api-key/scopes.js';
import { graphql } from '../../rest/graphql.js';
import { inputFrom, intParam, restFieldNames, textParam } from '../../rest/rest-input.js';
import { restFailure } from '../../rest/rest-failure.js';
import { defineRoute, type RestRoute } from '../../rest/rest-route.js';
import type { ResultOf, VariablesOf } from 'gql.tada';

/** What every route selects of an opportunity: the fields `toRest` reads. */
const OpportunityFields = graphql(`
  fragment RestOpportunity on Opportunity {
    id
    name
    email
    phone
    company
    jobTitle
    dealValue
    dealCurrency
    notes
    responsibleUserId
    status
    pipelineId
    stageId
    wonAt
    lostAt
    stageChangedAt
    version
    createdAt
    updatedAt
  }
`);

/** An opportunity as GetRaze answers it (deal_value as a JSON number); also its OpenAPI schema. */
const RestOpportunitySchema = z.object({
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
type RestOpportunity = z.output<typeof RestOpportunitySchema>;

export function toRest(o: ResultOf<typeof OpportunityFields>): RestOpportunity {
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

const MoveStage = graphql(
  `
    mutation RestMoveOpportunityStage($id: ID!, $input: MoveOpportunityStageInput!) {
      moveOpportunityStage(id: $id, input: $input) {
        ...RestOpportunity
      }
    }
  `,
  [OpportunityFields],
);
const Update = graphql(
  `
    mutation RestUpdateOpportunity($id: ID!, $input: UpdateOpportunityInput!) {
      updateOpportunity(id: $id, input: $input) {
        ...RestOpportunity
      }
    }
  `,
  [OpportunityFields],
);
const List = graphql(
  `
    query RestListOpportunities($filter: OpportunityFilter, $orderBy: OpportunityOrder, $page: Int, $limit: Int) {
      opportunityPage(filter: $filter, orderBy: $orderBy, page: $page, limit: $limit) {
        totalCount
        page
        limit
        nodes {
          ...RestOpportunity
        }
      }
    }
  `,
  [OpportunityFields],
);
const Get = graphql(
  `
    query RestGetOpportunity($id: ID!) {
      opportunity(id: $id) {
        ...RestOpportunity
      }
    }
  `,
  [OpportunityFields],
);
const Create = graphql(
  `
    mutation RestCreateOpportunity($input: CreateOpportunityInput!) {
      createOpportunity(input: $input) {
        ...RestOpportunity
      }
    }
  `,
  [OpportunityFields],
);
const Delete = graphql(`
  mutation RestDeleteOpportunity($id: ID!, $expectedVersion: Int) {
    deleteOpportunity(id: $id, expectedVersion: $expectedVersion) {
      id
    }
  }
`);

type InputField = keyof VariablesOf<typeof Update>['input'] & keyof VariablesOf<typeof Create>['input'];

/** REST body field → GraphQL input field, of the fields a client writes (status aside). */
const WRITABLE = {
  name: 'name',
  email: 'email',
  phone: 'phone',
  company: 'company',
  position: 'jobTitle',
  deal_value: 'dealValue',
  deal_currency: 'dealCurrency',
  notes: 'notes',
  responsible_user_id: 'responsibleUserId',
} as const satisfies Partial<Record<keyof RestOpportunity, InputField>>;
/** The same with `status`, which only a create takes (an update refuses it, naming the route that moves). */
const WITH_STATUS = { ...WRITABLE, status: 'status' } as const satisfies Partial<
  Record<keyof RestOpportunity, keyof VariablesOf<typeof Create>['input']>
>;

/** Query parameter → GraphQL argument path, for per-field errors of the listing. */
const LIST_PARAMS: Record<string, string> = {
  sort_by: 'orderBy.field',
  sort_order: 'orderBy.direction',
  status: 'filter.status',
  search: 'filter.search',
  responsible_user_id: 'filter.responsibleUserId',
};
const restFieldName = restFieldNames(WRITABLE, LIST_PARAMS);

// Documentation schemas (OpenAPI), derived from the REST shape; validation itself is the GraphQL schema's.
const writableMask = Object.fromEntries(Object.keys(WRITABLE).map((field) => [field, true])) as {
  [Field in keyof typeof WRITABLE]: true;
};
const WritableSchema = RestOpportunitySchema.pick(writableMask).extend({
  deal_value: z.number().nonnegative().nullable(),
  deal_currency: z.string().length(3),
});
const envelope = (data: z.ZodType) => z.object({ success: z.literal(true), data });

export const opportunityRoutes: ReadonlyArray<RestRoute<Scope>> = [
  defineRoute({
    method: 'PATCH',
    path: '/opportunities/:id/stage',
    summary: 'Update Opportunity Stage',
    scope: 'opportunities:write',
    operation: MoveStage,
    pathIds: { id: 'Opportunity' },
    conditional: true,
    variables: ({ params, body, expectedVersion }) => ({
      id: params.id,
      input: { ...inputFrom(body, { fields: { status: 'status' } }), expectedVersion },
    }),
    respond: (data) => ({ success: true, data: toRest(data.moveOpportunityStage) }),
    versioned: (data) => data.moveOpportunityStage,
    restFieldName,
    docs: {
      description: 'Updates only the status/stage of an opportunity. `won` sets won_at, `lost` sets lost_at.',
      // The published pt-BR page's wording.
      'pt-BR': {
        summary: 'Atualizar Estagio da Oportunidade',
        description:
          'Atualiza apenas o status/estagio de uma oportunidade no pipeline. Ao definir o status como won, o ' +
          'timestamp won_at e definido automaticamente; como lost, o timestamp lost_at.',
      },
      body: z.object({ status: z.enum(['new', 'contacted', 'qualified', 'proposal', 'negotiation', 'won', 'lost']) }),
      response: envelope(RestOpportunitySchema),
    },
  }),
  defineRoute({
    method: 'PUT',
    path: '/opportunities/:id',
    summary: 'Update Opportunity',
    scope: 'opportunities:write',
    operation: Update,
    pathIds: { id: 'Opportunity' },
    conditional: true,
    variables: ({ params, body, expectedVersion }) => ({
      id: params.id,
      input: {
        ...inputFrom(body, {
          fields: WITH_STATUS,
          refuse: (field) =>
            field === 'status'
              ? msg('statusNotChangedHere', { route: 'PATCH /external/v1/opportunities/:id/stage' })
              : undefined,
        }),
        expectedVersion,
      },
    }),
    respond: (data) => ({ success: true, data: toRest(data.updateOpportunity) }),
    versioned: (data) => data.updateOpportunity,
    restFieldName,
    docs: {
      description: 'Updates only the provided fields. To change the status, use the Update Stage endpoint.',
      'pt-BR': {
        summary: 'Atualizar Oportunidade',
        description:
          'Atualiza apenas os campos enviados. Para mudar o status, use o endpoint Atualizar Estagio da Oportunidade.',
      },
      body: WritableSchema.partial(),
      response: envelope(RestOpportunitySchema),
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/opportunities',
    summary: 'List Opportunities',
    scope: 'opportunities:read',
    operation: List,
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
    respond: ({ opportunityPage: page }) => ({
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
    }),
    restFieldName,
    docs: {
      'pt-BR': { summary: 'Listar Oportunidades' },
      query: z
        .object({
          page: z.number().int().min(1).default(1),
          limit: z.number().int().min(PAGE_SIZE.min).max(PAGE_SIZE.max).default(20),
          search: z.string(),
          status: z.string(),
          responsible_user_id: z.string(),
          sort_by: z.enum(['created_at', 'updated_at', 'name', 'deal_value']).default('created_at'),
          sort_order: z.enum(['asc', 'desc']).default('desc'),
        })
        .partial(),
      response: envelope(
        z.object({
          opportunities: z.array(RestOpportunitySchema),
          pagination: z.object({ page: z.number(), limit: z.number(), total: z.number(), total_pages: z.number() }),
        }),
      ),
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/opportunities/:id',
    summary: 'Get Opportunity',
    scope: 'opportunities:read',
    operation: Get,
    pathIds: { id: 'Opportunity' },
    variables: ({ params }) => ({ id: params.id }),
    respond: ({ opportunity }) => {
      if (!opportunity) {
        restFailure('NOT_FOUND', msg('notFound', { entity: 'Opportunity' }), { extensions: { entity: 'Opportunity' } });
      }
      return { success: true, data: toRest(opportunity) };
    },
    versioned: ({ opportunity }) => opportunity,
    docs: { 'pt-BR': { summary: 'Obter Oportunidade' }, response: envelope(RestOpportunitySchema) },
  }),
  defineRoute({
    method: 'POST',
    path: '/opportunities',
    summary: 'Create Opportunity',
    scope: 'opportunities:write',
    successStatus: 201,
    operation: Create,
    variables: ({ body }) => ({ input: { status: 'new', ...inputFrom(body, { fields: WITH_STATUS }) } }),
    respond: (data) => ({ success: true, data: toRest(data.createOpportunity) }),
    versioned: (data) => data.createOpportunity,
    restFieldName,
    docs: {
      description: '`name` is required; status defaults to `new`, deal_currency to `BRL`.',
      'pt-BR': {
        summary: 'Criar Oportunidade',
        description: '`name` e obrigatorio; o status padrao e `new` e deal_currency, `BRL`.',
      },
      body: WritableSchema.partial().extend({ name: z.string(), status: z.string().optional() }),
      response: envelope(RestOpportunitySchema),
    },
  }),
  defineRoute({
    method: 'DELETE',
    path: '/opportunities/:id',
    summary: 'Delete Opportunity',
    scope: 'opportunities:delete',
    operation: Delete,
    pathIds: { id: 'Opportunity' },
    conditional: true,
    variables: ({ params, expectedVersion }) => ({ id: params.id, expectedVersion }),
    respond: () => ({ success: true, message: 'Opportunity deleted successfully' }),
    docs: {
      'pt-BR': { summary: 'Excluir Oportunidade' },
      response: z.object({ success: z.literal(true), message: z.string() }),
    },
  }),
];
