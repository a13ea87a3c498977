// moveOpportunityStages: many moves in one transaction, each with its own result, history row and
// event; with allOrNone, one refusal leaves everything as it was.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useGateway, type TestGateway } from '../support/gateway.js';
import { createOpportunity, dataOf, onlyError } from './fixtures.js';

const gateway = useGateway();

const MOVE_MANY = `mutation MoveMany($input: MoveOpportunityStagesInput!) {
  moveOpportunityStages(input: $input) {
    results { id ok opportunity { id status version } error { code message reason currentVersion } }
  } }`;

async function moveMany(gw: TestGateway, key: string, input: Record<string, unknown>, headers = {}) {
  return gw.graphql(MOVE_MANY, { input }, key, headers);
}

async function written(gw: TestGateway, ids: string[]) {
  const [history, events, rows] = await Promise.all([
    gw.prisma.stageChange.count({ where: { opportunityId: { in: ids } } }),
    gw.prisma.opportunityEvent.count({ where: { opportunityId: { in: ids }, type: 'stage_changed' } }),
    gw.prisma.opportunity.findMany({ where: { id: { in: ids } }, orderBy: { id: 'asc' } }),
  ]);
  return { history, events, versions: rows.map((row) => row.version) };
}

describe('moveOpportunityStages', () => {
  it('each move succeeds or fails on its own, answered in the order given', async () => {
    const gw = gateway();
    const { key, stage } = await gw.workspace();
    const [a, b, c, d, e] = await Promise.all([1, 2, 3, 4, 5].map(() => createOpportunity(gw, key)));
    const theirs = await createOpportunity(gw, (await gw.workspace()).key);
    const moves = [
      { id: a.id, status: 'won' },
      { id: b.id, status: 'archived' },
      { id: 'opp_000000000000', status: 'won' },
      { id: c.id, stageId: stage('proposal').id, expectedVersion: 7 },
      { id: d.id, status: 'new' },
      { id: theirs.id, status: 'won' },
      { id: e.id, stageId: 'not-a-uuid' },
      { id: 'opp_zzzzzzzzzzzz', stageId: randomUUID() },
    ];
    const { results } = dataOf(await moveMany(gw, key, { moves })).moveOpportunityStages;
    expect(results.map((r: { id: string }) => r.id)).toEqual(moves.map((move) => move.id));
    expect(results.map((r: { ok: boolean; error: { code: string } | null }) => r.error?.code ?? 'ok')).toEqual([
      'ok',
      'INVALID_STATUS',
      'NOT_FOUND',
      'CONFLICT',
      'ok',
      'NOT_FOUND',
      'NOT_FOUND',
      'NOT_FOUND',
    ]);
    expect(results[0]).toMatchObject({ ok: true, opportunity: { id: a.id, status: 'won', version: 2 } });
    expect(results[1].error.message).toContain('Valid values: new, contacted');
    // The same refusal as a single move's stale expectedVersion.
    expect(results[3].error).toEqual({
      code: 'CONFLICT',
      message: `Opportunity ${c.id} has changed: its version is 1, not the expected 7`,
      reason: 'VERSION_MISMATCH',
      currentVersion: 1,
    });
    expect(results[1].error).toMatchObject({ reason: null, currentVersion: null });
    expect(results[4]).toMatchObject({ ok: true, opportunity: { status: 'new', version: 1 } });
    const { history, events, versions } = await written(gw, [a.id, b.id, c.id, d.id, e.id]);
    expect({ history, events, versions: versions.sort() }).toEqual({
      history: 1,
      events: 1,
      versions: [1, 1, 1, 1, 2],
    });
  });

  it('allOrNone: one refusal leaves every row as it was; all valid moves commit together', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const created = await Promise.all([1, 2, 3].map(() => createOpportunity(gw, key)));
    const ids = created.map((row) => row.id);
    const refused = await moveMany(
      gw,
      key,
      {
        allOrNone: true,
        moves: [
          { id: ids[0], status: 'won' },
          { id: ids[1], status: 'qualified', expectedVersion: 2 },
          { id: ids[2], status: 'lost' },
        ],
      },
      { 'accept-language': 'pt-BR' },
    );
    const { results } = dataOf(refused).moveOpportunityStages;
    expect(results.map((r: { ok: boolean; error: { code: string } | null }) => [r.ok, r.error?.code])).toEqual([
      [false, 'NOT_APPLIED'],
      [false, 'CONFLICT'],
      [false, 'NOT_APPLIED'],
    ]);
    expect(results[0].error.message).toBe('Nao aplicado: outro movimento do lote falhou e allOrNone foi informado');
    expect(results[1].error).toEqual({
      code: 'CONFLICT',
      message: `Oportunidade ${ids[1]} foi alterada: sua versao e 1, nao a esperada 2`,
      reason: 'VERSION_MISMATCH',
      currentVersion: 1,
    });
    expect(await written(gw, ids)).toEqual({ history: 0, events: 0, versions: [1, 1, 1] });

    const applied = await moveMany(gw, key, {
      allOrNone: true,
      moves: ids.map((id, i) => ({ id, status: ['won', 'qualified', 'lost'][i], expectedVersion: 1 })),
    });
    expect(dataOf(applied).moveOpportunityStages.results.every((r: { ok: boolean }) => r.ok)).toBe(true);
    expect(await written(gw, ids)).toEqual({ history: 3, events: 3, versions: [2, 2, 2] });
  });

  it('refuses more than 100 moves and the same opportunity twice, writing nothing', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const created = await createOpportunity(gw, key);
    const tooMany = Array.from({ length: 101 }, (_, i) => ({
      id: `opp_${String(i).padStart(12, '0')}`,
      status: 'won',
    }));
    const twice = [
      { id: created.id, status: 'won' },
      { id: created.id, status: 'lost' },
    ];
    for (const [moves, message] of [
      [tooMany, 'At most 100 items'],
      [twice, 'Each opportunity at most once per batch'],
    ] as const) {
      const error = onlyError(await moveMany(gw, key, { moves }));
      expect(error.extensions).toMatchObject({ code: 'VALIDATION_ERROR', fields: { moves: message } });
    }
    const neither = onlyError(await moveMany(gw, key, { moves: [{ id: created.id }] }));
    expect(neither.extensions?.code).toBe('VALIDATION_ERROR');
    expect(await written(gw, [created.id])).toEqual({ history: 0, events: 0, versions: [1] });
  });

  it('overlapping batches running at once neither deadlock nor lose a move', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const created = await Promise.all(Array.from({ length: 10 }, () => createOpportunity(gw, key)));
    const ids = created.map((row) => row.id);
    const batches = ['won', 'lost', 'qualified', 'proposal'].map((status, i) =>
      moveMany(gw, key, { moves: (i % 2 ? [...ids].reverse() : ids).map((id) => ({ id, status })) }),
    );
    for (const response of await Promise.all(batches)) {
      expect(dataOf(response).moveOpportunityStages.results.every((r: { ok: boolean }) => r.ok)).toBe(true);
    }
    expect(await written(gw, ids)).toEqual({ history: 40, events: 40, versions: ids.map(() => 5) });
  });
});
