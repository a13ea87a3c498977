// The GraphQL endpoint refuses bodies it must not trust with a 4xx and a code, and writes nothing:
// invalid UTF-8, deep nesting, NUL characters, malformed JSON, oversized bodies.
import { describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.js';

const gateway = useGateway();

const CREATE = 'mutation Create($input: CreateOpportunityInput!) { createOpportunity(input: $input) { id name } }';

async function post(body: BodyInit, key: string) {
  const response = await gateway().fetch('/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      authorization: `Bearer ${key}`,
    },
    body,
  });
  return {
    status: response.status,
    body: (await response.json()) as { errors?: Array<{ message: string; extensions?: Record<string, unknown> }> },
  };
}

describe('the GraphQL endpoint’s JSON body', () => {
  it('refuses each bad body with its code, writing nothing', async () => {
    const gw = gateway();
    const { key, workspace } = await gw.workspace();
    const count = () => gw.prisma.opportunity.count({ where: { workspaceId: workspace.id } });
    const before = await count();
    const valid = JSON.stringify({ query: CREATE, variables: { input: { name: 'Ação' } } });

    const notUtf8 = Buffer.concat([
      Buffer.from(valid.slice(0, valid.indexOf('Ação'))),
      Buffer.from([0xc3, 0x28]),
      Buffer.from(valid.slice(valid.indexOf('Ação') + 4)),
    ]);
    const cases: Array<[string, BodyInit, number, Record<string, unknown>]> = [
      ['invalid UTF-8', notUtf8, 400, { code: 'INVALID_JSON' }],
      [
        'nested 10 000 levels',
        JSON.stringify({
          query: CREATE,
          variables: { input: { name: 'x', deep: JSON.parse('['.repeat(50) + ']'.repeat(50)) } },
        }).replace('[]', '['.repeat(10_000) + ']'.repeat(10_000)),
        400,
        { code: 'INVALID_JSON', limit: 32 },
      ],
      [
        'a NUL character',
        JSON.stringify({ query: CREATE, variables: { input: { name: 'a\u0000b' } } }),
        400,
        { code: 'VALIDATION_ERROR', fields: { 'input.name': expect.any(String) } },
      ],
      ['malformed JSON', valid.slice(0, -2), 400, { code: 'INVALID_JSON' }],
      [
        '2 MB',
        JSON.stringify({ query: CREATE, variables: { input: { name: 'x'.repeat(2_000_000) } } }),
        413,
        { code: 'PAYLOAD_TOO_LARGE' },
      ],
    ];
    for (const [label, body, status, extensions] of cases) {
      const answer = await post(body, key);
      expect(answer.status, label).toBe(status);
      expect(answer.body.errors?.[0]?.extensions, label).toMatchObject(extensions);
    }
    expect(await count()).toBe(before);

    const literal = await post(
      JSON.stringify({ query: 'mutation { createOpportunity(input: { name: "a\\u0000b" }) { id } }' }),
      key,
    );
    expect(literal.body.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION_ERROR' });
    expect(await count()).toBe(before);

    const created = await post(valid, key);
    expect(created.status).toBe(200);
    expect(await count()).toBe(before + 1);
  });

  it('bounds the bodies of the other media types too, and refuses multipart (no field takes an upload)', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const send = (contentType: string | undefined, body: BodyInit) =>
      gw.fetch('/graphql', {
        method: 'POST',
        headers: {
          ...(contentType && { 'content-type': contentType }),
          accept: 'application/json',
          authorization: `Bearer ${key}`,
        },
        body,
      });
    const small = await send('application/graphql', '{ pipelines { id } }');
    expect(small.status).toBe(200);
    expect(await small.json()).toMatchObject({ data: { pipelines: expect.any(Array) } });

    const large = await send('application/graphql', `{ pipelines { id } } # ${'x'.repeat(2_000_000)}`);
    expect(large.status).toBe(413);
    expect(await large.json()).toMatchObject({ errors: [{ extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });

    const form = new FormData();
    form.set('operations', JSON.stringify({ query: '{ pipelines { id } }' }));
    form.set('map', '{}');
    // FormData sets its own multipart content type; without a parser for it Yoga answers 415.
    expect((await send(undefined, form)).status).toBe(415);
  });
});
