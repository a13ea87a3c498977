// Validators shared by input types, and the mapping of validation issues to per-field errors.
import { z } from 'zod';
import { Prisma } from '../generated/prisma/client.js';
import type { FieldErrors } from '../errors.js';

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

export const name255 = z.string().trim().min(1, 'Must not be empty').max(255, 'At most 255 characters');
export const description5000 = z.string().max(5000, 'At most 5000 characters');

export function decimal(options: { min?: number; max?: number; maxDecimalPlaces: number }) {
  return z.custom<Prisma.Decimal>((value) => Prisma.Decimal.isDecimal(value), 'Must be a decimal number')
    .refine((value) => options.min === undefined || value.gte(options.min), `Must be at least ${options.min}`)
    .refine((value) => options.max === undefined || value.lte(options.max), `Must be at most ${options.max}`)
    .refine(
      (value) => value.decimalPlaces() <= options.maxDecimalPlaces,
      `At most ${options.maxDecimalPlaces} decimal places`,
    );
}
