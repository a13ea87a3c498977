// Validators shared by input types, and the mapping of validation issues to per-field catalog
// messages. zod's own checks (lengths, bounds, email) are mapped from their issue codes; a rule
// zod has no check for is a refinement carrying its catalog message (`refusing`).
import { z } from 'zod';
import { Prisma } from '../generated/prisma/client.js';
import type { FieldErrors } from '../errors.js';
import {
  isOpportunityId,
  isUserId,
  isUuid,
  OPPORTUNITY_ID_SUFFIX_MAX_LENGTH,
  USER_ID_SUFFIX_MAX_LENGTH,
} from '../db/ids.js';
import { malformedId } from '../errors.js';
import { DESCRIPTION_MAX_LENGTH, NAME_MAX_LENGTH, PAGE_SIZE } from '../limits.js';
import { isCatalogMessage, msg, type CatalogMessage } from '../i18n/messages.js';

/** A Standard Schema issue, as the validation plugin reports it. */
interface Issue {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
}

/** The options of a refinement whose issue says `message`. */
export function refusing(message: CatalogMessage, path?: PropertyKey[]) {
  return { params: { message }, ...(path ? { path } : {}) };
}

// Every schema given to `validate` is a zod schema, so its issues are zod's: told apart by `code`.
function isZodIssue(issue: Issue): issue is Issue & z.core.$ZodIssue {
  return typeof (issue as { code?: unknown }).code === 'string';
}

/** What an issue says, as a catalog message. */
export function messageOfIssue(issue: Issue): CatalogMessage {
  if (!isZodIssue(issue)) return msg('invalidValue', { reason: issue.message });
  switch (issue.code) {
    case 'custom': {
      const message: unknown = issue.params?.message;
      if (isCatalogMessage(message)) return message;
      break;
    }
    case 'too_small':
      if (issue.origin === 'string' && issue.minimum === 1) return msg('mustNotBeEmpty');
      if (issue.origin === 'number') return msg('atLeast', { min: issue.minimum });
      break;
    case 'too_big':
      if (issue.origin === 'string') return msg('maxCharacters', { max: issue.maximum });
      if (issue.origin === 'number') return msg('atMost', { max: issue.maximum });
      if (issue.origin === 'array') return msg('atMostItems', { max: issue.maximum });
      break;
    case 'invalid_format':
      if (issue.format === 'email') return msg('validEmail');
      break;
  }
  return msg('invalidValue', { reason: issue.message });
}

/** `input.dealValue` → `dealValue`: field errors name the input field, not the argument. */
export function fieldErrorsFromIssues(issues: readonly Issue[]): FieldErrors {
  const fields: Record<string, CatalogMessage> = {};
  for (const issue of issues) {
    const path = (issue.path ?? []).map((segment) =>
      typeof segment === 'object' ? String(segment.key) : String(segment),
    );
    const key = (path[0] === 'input' && path.length > 1 ? path.slice(1) : path).join('.') || 'input';
    fields[key] ??= messageOfIssue(issue);
  }
  return fields;
}

export const nameText = z.string().trim().min(1).max(NAME_MAX_LENGTH);
export const descriptionText = z.string().max(DESCRIPTION_MAX_LENGTH);

/** An id stored as a uuid (pipelines, stages): anything else names nothing and would fail the cast. */
export const uuidId = z.string().refine(isUuid, refusing(msg('mustBeUuid')));
/** The format of the ids of one kind of record, and what a refusal of another says. */
export interface IdFormat {
  test(value: string): boolean;
  message: CatalogMessage;
}
export const UUID_ID: IdFormat = { test: isUuid, message: msg('mustBeUuid') };
export const OPPORTUNITY_ID: IdFormat = {
  test: isOpportunityId,
  message: msg('mustBeOpportunityId', { max: OPPORTUNITY_ID_SUFFIX_MAX_LENGTH }),
};

/**
 * The id argument `argument` when it has the format, else a VALIDATION_ERROR naming it, before any
 * query. Called in resolvers, so a caller without the scope is told that first.
 */
export function idArgument(value: string, format: IdFormat, argument = 'id'): string {
  if (!format.test(value)) throw malformedId(argument, format.message);
  return value;
}

/** A user id (`usr_…`): anything else names nobody and may not fit the column. */
export const userId = z.string().refine(isUserId, refusing(msg('mustBeUserId', { max: USER_ID_SUFFIX_MAX_LENGTH })));

/** An integer from `min` to `max`, refused as "between" either way. */
export function intBetween(min: number, max: number) {
  return z
    .number()
    .int()
    .refine((value) => value >= min && value <= max, refusing(msg('between', { min, max })));
}

/** The size of a page of a list. */
export const pageSize = () => intBetween(PAGE_SIZE.min, PAGE_SIZE.max);

/** A string (`base` checked first) matching `pattern`, refused with `message`. */
export function matching(pattern: RegExp, message: CatalogMessage, base: z.ZodString = z.string()) {
  return base.refine((value) => pattern.test(value), refusing(message));
}

/**
 * An exact decimal within `min`..`max` (given as text when a JS number cannot hold the bound
 * exactly, e.g. a DECIMAL(18,2) column's 9999999999999999.99) with at most `maxDecimalPlaces`.
 */
export function decimal(options: { min?: number | string; max?: number | string; maxDecimalPlaces: number }) {
  return z
    .custom<Prisma.Decimal>((value) => Prisma.Decimal.isDecimal(value), refusing(msg('decimalNumber')))
    .refine(
      (value) => options.min === undefined || value.gte(options.min),
      refusing(msg('atLeast', { min: options.min })),
    )
    .refine(
      (value) => options.max === undefined || value.lte(options.max),
      refusing(msg('atMost', { max: options.max })),
    )
    .refine(
      (value) => value.decimalPlaces() <= options.maxDecimalPlaces,
      refusing(msg('maxDecimalPlaces', { places: options.maxDecimalPlaces })),
    );
}
