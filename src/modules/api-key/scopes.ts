// Permission names, the same strings in API keys, GraphQL and REST.
export const SCOPES = [
  'opportunities:read',
  'opportunities:write',
  'opportunities:delete',
  'pipelines:read',
  'pipelines:write',
  'apikeys:read',
  'apikeys:write',
  'webhooks:read',
  'webhooks:write',
] as const;

export type Scope = (typeof SCOPES)[number];

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}
