import { describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.js';

const gateway = useGateway();

describe('smoke', () => {
  it('creates and moves an opportunity', async () => {
    const gw = gateway();
    const { key } = await gw.workspace();
    const created = await gw.graphql(
      `mutation($input: CreateOpportunityInput!) { createOpportunity(input: $input) { id status dealValue version } }`,
      { input: { name: 'John', dealValue: '100000.10' } },
      key,
    );
    expect(created.body.errors).toBeUndefined();
    const id = created.body.data?.createOpportunity.id;
    expect(id).toMatch(/^opp_[a-z0-9]{12}$/);
    const moved = await gw.graphql(
      `mutation($id: ID!) { moveOpportunityStage(id: $id, input: {status: "won"}) { status wonAt version history { totalCount edges { node { fromStage { key } toStage { key } } } } } }`,
      { id },
      key,
    );
    expect(moved.body.errors).toBeUndefined();
    expect(moved.body.data?.moveOpportunityStage).toMatchObject({ status: 'won', version: 2 });
  });
});
