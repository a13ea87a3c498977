// Entity tags of the REST APIs (RFC 9110 §8.8.3, §13.1): a record's strong ETag is its id and
// version, `"opp_abc123def456-v3"`, so it changes with every write. A client sends it back in
// If-Match to write only the version it read (the GraphQL `expectedVersion`) and in If-None-Match
// to have a GET it already holds answered 304 without a body.

/** A record whose answers carry an ETag. */
export interface Versioned {
  id: string;
  version: number;
}

export function entityTag({ id, version }: Versioned): string {
  return `"${id}-v${version}"`;
}

/** The entity tags of a list header (`"a", W/"b"`); `*` stays `*`. */
function tagsOf(header: string): string[] {
  return header
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);
}

/**
 * The version an If-Match header lets a write of record `id` proceed from: `undefined` for `*`
 * (any current version), `null` when no tag of the header can be current (another record's, a weak
 * or malformed one, or several versions: a write is checked against one version), which fails the
 * precondition without writing.
 */
export function ifMatchVersion(header: string, id: string): number | null | undefined {
  const tags = tagsOf(header);
  if (tags.includes('*')) return undefined;
  const versions = new Set(
    tags.flatMap((tag) => {
      // Strong comparison: a weak tag (W/"…") never matches.
      const match = /^"(.+)-v(\d{1,9})"$/.exec(tag);
      return match && match[1] === id ? [Number(match[2])] : [];
    }),
  );
  const [version, ...others] = versions;
  return version !== undefined && others.length === 0 ? version : null;
}

/** Whether an If-None-Match header names the record's current tag (weak comparison), or is `*`. */
export function holdsCurrentTag(ifNoneMatch: string, current: Versioned): boolean {
  const tag = entityTag(current);
  return tagsOf(ifNoneMatch).some((given) => given === '*' || given.replace(/^W\//, '') === tag);
}
