// The rule of every partial update: a field left out does not change, null clears a nullable
// field, and null for a field that cannot be empty is a VALIDATION_ERROR naming each such field.
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../src/errors.js';
import { givenFields } from '../../src/partial-update.js';

interface Changes {
  name?: string | null;
  description?: string | null;
  isActive?: boolean | null;
}

const refusal = (input: Changes): GatewayError => {
  try {
    givenFields(input, ['description']);
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('givenFields accepted the input');
};

describe('givenFields', () => {
  it('keeps the given fields only, values as they are', () => {
    expect(
      givenFields<Changes, 'description'>({ name: 'A', description: undefined, isActive: false }, ['description']),
    ).toEqual({
      name: 'A',
      isActive: false,
    });
    expect(givenFields<Changes, 'description'>({}, ['description'])).toEqual({});
  });

  it('passes null through for a nullable field: it clears it', () => {
    expect(givenFields<Changes, 'description'>({ description: null }, ['description'])).toEqual({ description: null });
  });

  it('refuses null for every field that cannot be empty, naming each, and keeps nothing', () => {
    const error = refusal({ name: null, description: null, isActive: null });
    expect(error.code).toBe('VALIDATION_ERROR');
    expect(Object.keys(error.extensions.fields as object).sort()).toEqual(['isActive', 'name']);
  });
});
