// Generated garbage (strings with NUL, lone surrogates, emoji and 10 KB; wrong types; deep
// nesting; ids of every wrong shape; malformed percent-escapes) sent to every REST route of the
// served APIs and to every GraphQL mutation of the schema. Whatever comes in: no 5xx, a failure
// in the envelope of the API that was called, and a refused request leaves the rows it names as
// they were. fast-check prints the seed and the shrunk counterexample of a failure; rerun it with
// `fc.assert(…, { seed, path })`.
import fc from 'fast-check';
import {
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { msg, render } from '../../src/i18n/messages.js';
import { schema } from '../../src/schema.js';
import type { RestRoute } from '../../src/rest/rest-route.js';
import { restApis } from '../../src/vendors/apis.js';
import { useGateway, type TestGateway } from '../support/gateway.js';
import { createOpportunity } from '../opportunity/fixtures.js';

const gateway = useGateway();

/**
 * Runs per route and per mutation: short enough for the suite (new seeds every run cover more
 * over time); `FUZZ_NUM_RUNS=500` searches harder by hand.
 */
const NUM_RUNS = Number(process.env.FUZZ_NUM_RUNS) || 12;

const HUGE = 'x'.repeat(10_000);
const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  HUGE,
  `usr_${HUGE}`,
  '\uD800',
  'a\uDFFFb',
  '😀'.repeat(300),
  '%ZZ',
  '%',
  '%00',
  'opp_',
  'opp_000000000000',
  'opp_ABC123DEF456',
  'usr_',
  `usr_${'a'.repeat(40)}`,
  '00000000-0000-0000-0000-000000000000',
  '00000000-0000-0000-0000-00000000000g',
  'not-a-uuid',
  '1e308',
  '-1',
  'NaN',
  '12345678901234567890.12',
  '0.00001',
  "'; DROP TABLE opportunity; --",
  '{"$gt": ""}',
];
const garbageString = fc.oneof(
  fc.constantFrom(...NASTY_STRINGS),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);
const garbageNumber = fc.oneof(
  fc.double(),
  fc.integer(),
  // Beyond a DECIMAL(18,2) as the JSON numbers a client sends (their nearest doubles, hence from text).
  fc.constantFrom(1e308, -1e308, Number('12345678901234567890.12'), Number('9999999999999999.99')),
  fc.constantFrom(1.00001, 0.12345, -0, 2 ** 31, 2 ** 53),
);
/** Arrays and objects nested `depth` levels (the JSON reader allows 32). */
const deepValue = fc.tuple(fc.integer({ min: 1, max: 60 }), fc.boolean()).map(([depth, arrays]) => {
  let value: unknown = 'leaf';
  for (let level = 0; level < depth; level++) value = arrays ? [value] : { a: value };
  return value;
});
const garbageValue: fc.Arbitrary<unknown> = fc.oneof(
  garbageString,
  garbageNumber,
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 3 }),
  deepValue,
);

/**
 * Values some field accepts, so that one garbage field among sound ones gets past the others'
 * checks and reaches the service and the database.
 */
const PLAUSIBLE_BY_SCALAR: Readonly<Record<string, readonly unknown[]>> = {
  String: ['Jane Roe', 'won', 'qualified', 'A note', 'ops:read'],
  Int: [1, 2, 5],
  Boolean: [true, false],
  Decimal: ['0.5', '100.10', 0.25],
  EmailAddress: ['jane@example.com'],
  Currency: ['BRL', 'USD'],
  DateTime: ['2030-01-01T00:00:00Z'],
};
const plausibleValue = fc.constantFrom(...new Set(Object.values(PLAUSIBLE_BY_SCALAR).flat()));
/** A body field's or argument's value: sound three times in four, garbage otherwise. */
const fieldValue = (plausible: fc.Arbitrary<unknown>) =>
  fc.oneof({ weight: 3, arbitrary: plausible }, { weight: 1, arbitrary: garbageValue });

/** A path segment: an encoded garbage string, or an escape no decoder accepts. */
const garbageSegment = fc.oneof(
  garbageString.map((value) => {
    try {
      return encodeURIComponent(value);
    } catch {
      return '%ED%A0%80'; // a lone surrogate, as UTF-8: refused by decodeURIComponent
    }
  }),
  fc.constantFrom('%ZZ', '%', '%E0%A4%A', 'a%00b', '%C0%AF', '..', '%2F'),
);

/** The rows the requests may name, read whole so any write shows. */
interface Targets {
  key: string;
  opportunityId: string;
  pipelineId: string;
  stageId: string;
}

async function snapshot(gw: TestGateway, { opportunityId, pipelineId, stageId }: Targets) {
  const [opportunity, pipeline, stage] = await Promise.all([
    gw.prisma.opportunity.findUnique({ where: { id: opportunityId } }),
    gw.prisma.pipeline.findUnique({ where: { id: pipelineId } }),
    gw.prisma.opportunityStage.findUnique({ where: { id: stageId } }),
  ]);
  return JSON.stringify({ opportunity, pipeline, stage });
}

async function targets(gw: TestGateway): Promise<Targets> {
  const { key, pipeline, stage } = await gw.workspace();
  const opportunity = await createOpportunity(gw, key, { dealValue: '100.10', notes: 'untouched' });
  return { key, opportunityId: opportunity.id, pipelineId: pipeline.id, stageId: stage('qualified').id };
}

/** The field names a documented body or query has, so garbage lands on real fields too. */
function documentedFields(type: z.ZodType | undefined): string[] {
  return type instanceof z.ZodObject ? Object.keys(type.shape) : [];
}

/** A body: an object over the route's fields (and strangers), any other JSON value, or no JSON at all. */
function garbageBody(fields: string[]): fc.Arbitrary<{ raw: string }> {
  const key = fields.length ? fc.oneof(fc.constantFrom(...fields), fc.string({ maxLength: 10 })) : fc.string();
  return fc
    .oneof(
      {
        weight: 4,
        arbitrary: fc.dictionary(key, fieldValue(plausibleValue), { maxKeys: 4 }).map((body) => JSON.stringify(body)),
      },
      { weight: 1, arbitrary: garbageValue.map((body) => JSON.stringify(body) ?? 'null') },
      {
        weight: 1,
        arbitrary: fc.constantFrom('{', '{"name": "a"', '\u0000', '{"name": "\\u0000"}', "{'a': 1}", 'null'),
      },
    )
    .map((raw) => ({ raw }));
}

function garbageQuery(fields: string[]): fc.Arbitrary<string> {
  const name = fields.length ? fc.oneof(fc.constantFrom(...fields), fc.string({ maxLength: 8 })) : fc.string();
  return fc
    .tuple(fc.dictionary(name, garbageString, { maxKeys: 4 }), fc.constantFrom('', '&page=%ZZ', '&search=%00'))
    .map(([params, raw]) => {
      const query = new URLSearchParams();
      for (const [param, value] of Object.entries(params))
        query.append(param, value.replace(/[\uD800-\uDFFF]/g, '\u0000'));
      return `?${query.toString()}${raw}`;
    });
}

/** The id a path parameter may take: a real row's (never for DELETE) or garbage. */
function pathId(route: RestRoute, real: string): fc.Arbitrary<string> {
  return route.method === 'DELETE' ? garbageSegment : fc.oneof(fc.constant(real), garbageSegment);
}

/** The real row a route's `:id` names: an opportunity, a pipeline or a stage. */
function realIdFor(route: RestRoute, target: Targets): string {
  if (route.path.startsWith('/opportunities')) return target.opportunityId;
  return route.path.startsWith('/opportunity-pipelines') ? target.pipelineId : target.stageId;
}

/**
 * What the safety net answers when a data exception reaches the database (src/yoga.ts): the edges
 * are to refuse every such input first, naming its field, so the net's words fail the test too.
 */
const NET_MESSAGE = render(msg('valueNotStorable'), 'en');

function expectEnvelope(apiName: string, status: number, body: unknown) {
  if (status < 400) return;
  if (apiName.startsWith('GetRaze')) {
    expect(body).toMatchObject({
      success: false,
      error: { code: expect.any(String), message: expect.any(String), details: expect.any(Object) },
    });
  } else {
    expect(body).toMatchObject({ status, message: expect.any(String), errors: expect.any(Array) });
  }
}

describe('garbage sent to every REST route', () => {
  const routes = restApis.flatMap((api) => api.routes.map((route) => ({ api, route })));
  it.each(routes.map(({ api, route }) => [`${api.name}: ${route.method} ${route.path}`, api, route] as const))(
    '%s: no 5xx, the API envelope, nothing written when refused',
    async (_title, api, route) => {
      const gw = gateway();
      const target = await targets(gw);
      const segments = route.path
        .split('/')
        .map((part) => (part.startsWith(':') ? pathId(route, realIdFor(route, target)) : fc.constant(part)));
      const takesBody = route.method !== 'GET' && route.method !== 'DELETE';
      let before = await snapshot(gw, target);
      await fc.assert(
        fc.asyncProperty(
          fc.tuple(...segments),
          garbageQuery(documentedFields(route.docs.query)),
          takesBody ? garbageBody(documentedFields(route.docs.body)) : fc.constant(undefined),
          async (parts, query, body) => {
            const path = `${api.basePath}${parts.join('/')}${query}`;
            const response = await gw.fetch(path, {
              method: route.method,
              headers: {
                authorization: `Bearer ${target.key}`,
                ...(body ? { 'content-type': 'application/json' } : {}),
              },
              body: body?.raw,
            });
            const text = await response.text();
            expect(response.status, `${route.method} ${path}: ${text.slice(0, 300)}`).toBeLessThan(500);
            expectEnvelope(api.name, response.status, JSON.parse(text));
            expect(text, `${route.method} ${path}`).not.toContain(NET_MESSAGE);
            // Refused: nothing written. Served (garbage can be valid): the rows may have changed.
            const after = await snapshot(gw, target);
            if (response.status >= 400) expect(after).toBe(before);
            before = after;
          },
        ),
        { numRuns: NUM_RUNS },
      );
    },
  );
});

/** A value for a GraphQL input type: mostly of the right shape, with garbage anywhere in it. */
function valueFor(type: GraphQLInputType, ids: fc.Arbitrary<string>, depth = 0): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) {
    return fc.oneof(
      { weight: 5, arbitrary: valueFor(type.ofType, ids, depth) },
      { weight: 1, arbitrary: garbageValue },
    );
  }
  if (depth > 4) return garbageValue;
  if (isListType(type)) {
    return fc.oneof(fc.array(valueFor(type.ofType, ids, depth + 1), { maxLength: 4 }), garbageValue);
  }
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields());
    const required = fields.filter((field) => isNonNullType(field.type));
    // A few fields at a time, so one garbage value among sound ones reaches the service.
    const optional = fields.filter((field) => !isNonNullType(field.type));
    const record = fc
      .subarray(optional, { maxLength: Math.min(3, optional.length) })
      .chain((chosen) =>
        fc.record(
          Object.fromEntries(
            [...required, ...chosen].map((field) => [field.name, valueFor(field.type, ids, depth + 1)]),
          ),
        ),
      );
    const withStranger = fc
      .tuple(record, fc.string({ maxLength: 8 }), garbageValue)
      .map(([value, name, stranger]) => ({ ...value, [name]: stranger }));
    return fc.oneof(
      { weight: 4, arbitrary: record },
      { weight: 1, arbitrary: withStranger },
      { weight: 1, arbitrary: garbageValue },
    );
  }
  if (isEnumType(type)) {
    return fc.oneof(fc.constantFrom(...type.getValues().map((value) => value.name)), garbageString);
  }
  if (type.name === 'ID') return fieldValue(ids);
  const plausible = PLAUSIBLE_BY_SCALAR[type.name];
  return plausible ? fieldValue(fc.constantFrom(...plausible)) : garbageValue;
}

describe('garbage sent to every GraphQL mutation', () => {
  const mutations = Object.values(schema.getMutationType()?.getFields() ?? {});
  it('covers every mutation of the schema', () => {
    expect(mutations.length).toBeGreaterThan(0);
  });

  it.each(mutations.map((field) => [field.name, field] as const))(
    '%s: no 5xx, errors with a code, nothing written when refused',
    async (_name, field: GraphQLField<unknown, unknown>) => {
      const gw = gateway();
      const target = await targets(gw);
      // A delete given the real row would succeed once and leave nothing to compare after.
      const real = field.name.startsWith('delete') ? [] : [target.opportunityId, target.pipelineId, target.stageId];
      const ids = fc.oneof(garbageString, ...real.map((id) => fc.constant(id)));
      const declared = field.args.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
      const passed = field.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
      const document = `mutation Fuzz${declared ? `(${declared})` : ''} { ${field.name}${passed ? `(${passed})` : ''} { __typename } }`;
      const variables = fc.record(Object.fromEntries(field.args.map((arg) => [arg.name, valueFor(arg.type, ids)])), {
        requiredKeys: [],
      });
      let before = await snapshot(gw, target);
      await fc.assert(
        fc.asyncProperty(variables, async (values) => {
          const response = await gw.graphql(document, values, target.key);
          const said = JSON.stringify(response.body).slice(0, 300);
          expect(response.status, said).toBeLessThan(500);
          for (const error of response.body.errors ?? []) {
            expect(error.message, said).toEqual(expect.any(String));
            expect(error.extensions?.code, said).toEqual(expect.any(String));
            expect(error.extensions?.code, said).not.toBe('INTERNAL_SERVER_ERROR');
            expect(error.message, said).not.toBe(NET_MESSAGE);
          }
          const after = await snapshot(gw, target);
          if (response.body.errors?.length) expect(after).toBe(before);
          before = after;
        }),
        { numRuns: NUM_RUNS },
      );
    },
  );
});
