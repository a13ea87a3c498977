// zod issues as catalog messages: zod's own checks mapped from their codes, our refinements from the
// catalog message they carry, and anything else quoted as zod said it; per-field keys name the input field.
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { Prisma } from '../../src/generated/prisma/client.js';
import {
  decimal,
  descriptionText,
  fieldErrorsFromIssues,
  intBetween,
  matching,
  messageOfIssue,
  nameText,
  refusing,
  userId,
  uuidId,
} from '../../src/graphql/validation.js';
import { msg, render, type CatalogMessage } from '../../src/i18n/messages.js';

/** The message of the first issue of `schema` refusing `value`. */
function refusal(schema: z.ZodType, value: unknown): CatalogMessage {
  const result = schema.safeParse(value);
  expect(result.success, JSON.stringify(value)).toBe(false);
  return messageOfIssue(result.error!.issues[0]!);
}

describe('zod issues as catalog messages', () => {
  it.each<[string, z.ZodType, unknown, CatalogMessage, string, string]>([
    ['an empty name', nameText, '   ', msg('mustNotBeEmpty'), 'Must not be empty', 'Nao pode ser vazio'],
    [
      'a long name',
      nameText,
      'x'.repeat(256),
      msg('maxCharacters', { max: 255 }),
      'At most 255 characters',
      'No maximo 255 caracteres',
    ],
    [
      'a long description',
      descriptionText,
      'x'.repeat(5001),
      msg('maxCharacters', { max: 5000 }),
      'At most 5000 characters',
      'No maximo 5000 caracteres',
    ],
    [
      'a number below its minimum',
      z.number().int().min(0),
      -1,
      msg('atLeast', { min: 0 }),
      'Must be at least 0',
      'Deve ser no minimo 0',
    ],
    [
      'a number above its maximum',
      z.number().max(9),
      10,
      msg('atMost', { max: 9 }),
      'Must be at most 9',
      'Deve ser no maximo 9',
    ],
    [
      'an email that is none',
      z.email(),
      'nope',
      msg('validEmail'),
      'Must be a valid email address',
      'Deve ser um endereco de e-mail valido',
    ],
    [
      'a limit below the range',
      intBetween(1, 100),
      0,
      msg('between', { min: 1, max: 100 }),
      'Must be between 1 and 100',
      'Deve estar entre 1 e 100',
    ],
    [
      'a limit above the range',
      intBetween(1, 100),
      101,
      msg('between', { min: 1, max: 100 }),
      'Must be between 1 and 100',
      'Deve estar entre 1 e 100',
    ],
    [
      'a text not matching its pattern',
      matching(/^[A-Z]{3}$/, msg('currencyCode')),
      'brl',
      msg('currencyCode'),
      'Must be an ISO 4217 code',
      'Deve ser um codigo ISO 4217',
    ],
    [
      'a refinement with its own message',
      z.object({ a: z.string() }).refine(() => false, refusing(msg('stageIdOrStatus'), ['a'])),
      { a: 'x' },
      msg('stageIdOrStatus'),
      'Give exactly one of stageId and status',
      'Informe exatamente um entre stageId e status',
    ],
    [
      'a decimal with too many places',
      decimal({ min: 0, maxDecimalPlaces: 2 }),
      new Prisma.Decimal('1.234'),
      msg('maxDecimalPlaces', { places: 2 }),
      'At most 2 decimal places',
      'No maximo 2 casas decimais',
    ],
    [
      'a decimal above its maximum',
      decimal({ min: 0, max: 1, maxDecimalPlaces: 4 }),
      new Prisma.Decimal('1.5'),
      msg('atMost', { max: 1 }),
      'Must be at most 1',
      'Deve ser no maximo 1',
    ],
    [
      'a deal value one cent beyond its column, the bound given as text',
      decimal({ min: 0, max: '9999999999999999.99', maxDecimalPlaces: 2 }),
      new Prisma.Decimal('10000000000000000.00'),
      msg('atMost', { max: '9999999999999999.99' }),
      'Must be at most 9999999999999999.99',
      'Deve ser no maximo 9999999999999999.99',
    ],
    [
      'an id that is no uuid',
      uuidId,
      '00000000-0000-0000-0000-00000000000g',
      msg('mustBeUuid'),
      'Must be a UUID',
      'Deve ser um UUID',
    ],
    [
      'a user id longer than its column',
      userId,
      `usr_${'a'.repeat(29)}`,
      msg('mustBeUserId', { max: 28 }),
      'Must be a user id (usr_ and at most 28 lowercase letters or digits)',
      'Deve ser um id de usuario (usr_ e no maximo 28 letras minusculas ou digitos)',
    ],
    [
      'something that is no decimal',
      decimal({ maxDecimalPlaces: 2 }),
      'abc',
      msg('decimalNumber'),
      'Must be a decimal number',
      'Deve ser um numero decimal',
    ],
  ])('%s', (_case, schema, value, message, english, portuguese) => {
    const said = refusal(schema, value);
    expect(said).toEqual(message);
    expect(render(said, 'en')).toBe(english);
    expect(render(said, 'pt-BR')).toBe(portuguese);
  });

  it('accepts the edges themselves: the largest deal value, a uuid, the longest user id', () => {
    expect(
      decimal({ min: 0, max: '9999999999999999.99', maxDecimalPlaces: 2 }).safeParse(
        new Prisma.Decimal('9999999999999999.99'),
      ).success,
    ).toBe(true);
    expect(uuidId.safeParse('0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d').success).toBe(true);
    expect(userId.safeParse(`usr_${'a0'.repeat(14)}`).success).toBe(true);
  });

  it('quotes what zod said when no catalog message describes the issue', () => {
    const said = refusal(z.string(), 7);
    expect(said).toEqual(msg('invalidValue', { reason: 'Invalid input: expected string, received number' }));
    expect(render(said, 'pt-BR')).toBe('Valor invalido: Invalid input: expected string, received number');
  });

  it('keys each field by its input field name, keeping the first issue of each', () => {
    const issues = [
      {
        message: 'x',
        code: 'too_small',
        origin: 'string',
        minimum: 1,
        inclusive: true,
        input: '',
        path: ['input', 'name'],
      },
      {
        message: 'y',
        code: 'too_big',
        origin: 'string',
        maximum: 255,
        inclusive: true,
        input: '',
        path: ['input', 'name'],
      },
      {
        message: 'z',
        code: 'too_small',
        origin: 'number',
        minimum: 1,
        inclusive: true,
        input: 0,
        path: [{ key: 'limit' }],
      },
      { message: 'Something', path: [] },
    ];
    expect(fieldErrorsFromIssues(issues)).toEqual({
      name: msg('mustNotBeEmpty'),
      limit: msg('atLeast', { min: 1 }),
      input: msg('invalidValue', { reason: 'Something' }),
    });
  });
});
