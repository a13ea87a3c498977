// Validators shared by input types, and the mapping of validation issues to per-field errors.
import { z } from 'zod';
import { Prisma } from '../generated/prisma/client.js';
import type { FieldErrors } from '../errors.js';
import { english } from '../i18n/messages.js';

/** A Standard Schema issue, as the validation plugin reports it. */
interface Issue {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
}

/** `input.dealValue` → `dealValue`: field errors name the input field, not the argument. */
export function fieldErrorsFromIssues(issues: readonly Issue[]): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of issues) {
    const path = (issue.path ?? []).map((segment) =>
      typeof segment === 'object' ? String(segment.key) : String(segment),
    );
    const key = (path[0] === 'input' && path.length > 1 ? path.slice(1) : path).join('.') || 'input';
    fields[key] ??= issue.message;
  }
  return fields;
}

// Messages are the catalog's English texts, so a caller's language can be recognised and used.
export const name255 = z
  .string()
  .trim()
  .min(1, english('mustNotBeEmpty'))
  .max(255, english('maxCharacters', { max: 255 }));
export const description5000 = z.string().max(5000, english('maxCharacters', { max: 5000 }));

export function decimal(options: { min?: number; max?: number; maxDecimalPlaces: number }) {
  return z.custom<Prisma.Decimal>((value) => Prisma.Decimal.isDecimal(value), english('decimalNumber'))
    .refine((value) => options.min === undefined || value.gte(options.min), english('atLeast', { min: options.min }))
    .refine((value) => options.max === undefined || value.lte(options.max), english('atMost', { max: options.max }))
    .refine(
      (value) => value.decimalPlaces() <= options.maxDecimalPlaces,
      english('maxDecimalPlaces', { places: options.maxDecimalPlaces }),
    );
}
