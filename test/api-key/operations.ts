// The API key operations the tests send, and the check of an authentication failure.
import { expect } from 'vitest';
import type { AuthFailure } from '../../src/errors.js';
import type { GraphQLResponse } from '../support/gateway.js';

export const KEY_FIELDS = 'id name prefix scopes createdAt lastUsedAt expiresAt revokedAt';
export const LIST_KEYS = `query { apiKeys { ${KEY_FIELDS} } }`;
export const CREATE_KEY = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { ${KEY_FIELDS} } } }`;
export const REVOKE_KEY = `mutation($id: ID!) { revokeApiKey(id: $id) { ${KEY_FIELDS} } }`;

export const RAW_KEY = /^gr_live_[0-9A-Za-z]{40}$/;

export interface CreatedKey {
  key: string;
  apiKey: { id: string; name: string; prefix: string; scopes: string[]; revokedAt: string | null };
}

/** The answer to CREATE_KEY, checked to be a success. */
export function createdKey(response: GraphQLResponse<{ createApiKey?: CreatedKey }>): CreatedKey {
  expect(response.body.errors).toBeUndefined();
  const created = response.body.data?.createApiKey;
  if (!created) throw new Error('createApiKey answered no key');
  return created;
}

export function expectAuthFailure(response: GraphQLResponse, reason: AuthFailure): void {
  expect(response.body.data ?? null).toBeNull();
  expect(response.body.errors).toHaveLength(1);
  expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason });
}
