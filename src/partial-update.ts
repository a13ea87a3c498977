// The rule of every partial update (updateOpportunity, updatePipeline, updateOpportunityStage):
// a field left out does not change, `null` clears a nullable field, and `null` for a field that
// cannot be empty is a VALIDATION_ERROR naming it.
import { validationError } from './errors.js';
import { msg, type CatalogMessage } from './i18n/messages.js';

export type GivenFields<T, Nullable extends keyof T> = {
  [K in keyof T]?: K extends Nullable ? Exclude<T[K], undefined> : NonNullable<T[K]>;
};

export function givenFields<T extends object, Nullable extends keyof T>(
  input: T,
  nullable: readonly Nullable[],
): GivenFields<T, Nullable> {
  const given: Record<string, unknown> = {};
  const refused: Record<string, CatalogMessage> = {};
  for (const [field, value] of Object.entries(input)) {
    if (value === undefined) continue;
    if (value === null && !(nullable as readonly PropertyKey[]).includes(field)) refused[field] = msg('mustNotBeNull');
    else given[field] = value;
  }
  if (Object.keys(refused).length) throw validationError(refused);
  // Object.entries forgets which value belongs to which key; the loop kept each given field as is.
  return given as GivenFields<T, Nullable>;
}
