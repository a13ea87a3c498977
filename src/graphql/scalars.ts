// Scalars: graphql-scalars wherever it has the type, plus an exact Decimal (it has none) for money
// and probabilities, carried as a string so no float ever touches the value.
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { CurrencyResolver, DateTimeResolver, EmailAddressResolver } from 'graphql-scalars';
import { builder } from '../builder.js';
import { Prisma } from '../generated/prisma/client.js';

const DECIMAL_TEXT = /^-?\d{1,30}(\.\d{1,30})?$/;

function parseDecimal(value: unknown): Prisma.Decimal {
  if (typeof value === 'string' && DECIMAL_TEXT.test(value.trim())) {
    return new Prisma.Decimal(value.trim());
  }
  // A JSON number's shortest text form is the number the client wrote (100000.10 → "100000.1").
  if (typeof value === 'number' && Number.isFinite(value)) {
    return new Prisma.Decimal(String(value));
  }
  throw new GraphQLError(`Decimal cannot represent ${JSON.stringify(value) ?? String(value)}; send a number or a decimal string`);
}

export const DecimalScalar = new GraphQLScalarType<Prisma.Decimal, string>({
  name: 'Decimal',
  description:
    'An exact decimal number, answered as a string ("100000.10"); accepted as a string or a number.',
  serialize: (value) => {
    if (Prisma.Decimal.isDecimal(value)) return value.toString();
    if (typeof value === 'string' || typeof value === 'number') return String(value);
    throw new GraphQLError('Decimal cannot serialize a non-decimal value');
  },
  parseValue: parseDecimal,
  parseLiteral: (ast) => {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) {
      return parseDecimal(ast.value);
    }
    throw new GraphQLError('Decimal must be a number or a string');
  },
});

builder.addScalarType('DateTime', DateTimeResolver);
builder.addScalarType('EmailAddress', EmailAddressResolver);
builder.addScalarType('Currency', CurrencyResolver);
builder.addScalarType('Decimal', DecimalScalar);
