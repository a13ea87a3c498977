// The `expectedVersion` every versioned write takes (optimistic concurrency; REST's If-Match maps
// to it): said once so every input documents the same rule.
export const EXPECTED_VERSION_FIELD = {
  description:
    'Write only if the record is still at this version (its `version` as read); otherwise CONFLICT with ' +
    '`extensions.reason` VERSION_MISMATCH and `extensions.currentVersion`, and nothing is written.',
} as const;
