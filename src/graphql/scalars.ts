// Scalars: graphql-scalars wherever it has the type, plus an exact Decimal (it has none) for money
// and probabilities, carried as a string so no float ever touches the value.
import { GraphQLScalarType, Kind, valueFromASTUntyped } from 'graphql';
import { CurrencyResolver, DateTimeResolver, EmailAddressResolver } from 'graphql-scalars';
import { builder } from '../builder.js';
import { Prisma } from '../generated/prisma/client.js';
import { CommonErrorCode, GatewayError } from '../errors.js';
import { msg } from '../i18n/messages.js';

const DECIMAL_TEXT = /^-?\d{1,30}(\.\d{1,30})?$/;

function parseDecimal(value: unknown): Prisma.Decimal {
  if (typeof value === 'string' && DECIMAL_TEXT.test(value.trim())) {
    return new Prisma.Decimal(value.trim());
  }
  // A JSON number's shortest text form is the number the client wrote (100000.10 → "100000.1").
  if (typeof value === 'number' && Number.isFinite(value)) {
    return new Prisma.Decimal(String(value));
  }
  throw new GatewayError(
    CommonErrorCode.VALIDATION_ERROR,
    msg('notADecimal', { value: JSON.stringify(value) ?? String(value) }),
  );
}

export const DecimalScalar = new GraphQLScalarType<Prisma.Decimal, string>({
  name: 'Decimal',
  description: 'An exact decimal number, answered as a string ("100000.10"); accepted as a string or a number.',
  serialize: (value) => {
    if (Prisma.Decimal.isDecimal(value)) return value.toString();
    if (typeof value === 'string' || typeof value === 'number') return String(value);
    // A resolver answered something else: our bug, masked as an unexpected error.
    throw new TypeError(`Decimal cannot serialize ${typeof value}`);
  },
  parseValue: parseDecimal,
  // A literal number is read from its written digits (`100000.10`); anything else is refused.
  parseLiteral: (ast, variables) =>
    parseDecimal(
      ast.kind === Kind.INT || ast.kind === Kind.FLOAT || ast.kind === Kind.STRING
        ? ast.value
        : valueFromASTUntyped(ast, variables),
    ),
});

builder.addScalarType('DateTime', DateTimeResolver);
builder.addScalarType('EmailAddress', EmailAddressResolver);
builder.addScalarType('Currency', CurrencyResolver);
builder.addScalarType('Decimal', DecimalScalar);
