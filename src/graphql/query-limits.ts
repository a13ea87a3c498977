// What one GraphQL request may ask for, checked before anything runs: the document's size in
// characters (before parsing) and tokens (while parsing), its depth, aliases and directives (in validation, with
// GraphQL Armor's rules), and its cost, which counts list sizes (`first`, `last`, `limit`) through
// Pothos' complexity plugin once the variables are known. A refusal names the limit in
// `extensions.code` and gives its value in `extensions.limit`; nothing reaches a resolver.
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import type { GraphQLArmorCallbackConfiguration } from '@escape.tech/graphql-armor-types';
import { createComplexityRule, type FieldComplexityValue } from '@pothos/plugin-complexity';
import {
  BREAK,
  type DocumentNode,
  getNullableType,
  type ExecutionArgs,
  isListType,
  Kind,
  validate,
  type GraphQLField,
  type ValidationContext,
  type ValueNode,
  visit,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { GatewayError } from '../errors.js';
import type { MessageId } from '../i18n/catalog.js';
import { msg } from '../i18n/messages.js';

export interface QueryLimits {
  /** Nesting of selections (introspection exempt). */
  depth: number;
  aliases: number;
  /** Lexical tokens of the document: bounds parsing work. */
  tokens: number;
  directives: number;
  /** Characters of the document. */
  characters: number;
  /** Cost: 1 per field, sub-selections multiplied by list sizes (src/builder.ts: fieldCost). */
  cost: number;
}

/** GraphQL Armor's defaults. */
export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  depth: 6,
  aliases: 15,
  tokens: 1000,
  directives: 50,
  characters: 15_000,
  cost: 5000,
};

export const QueryLimitCode = {
  QUERY_TOO_DEEP: 'QUERY_TOO_DEEP',
  TOO_MANY_ALIASES: 'TOO_MANY_ALIASES',
  TOO_MANY_TOKENS: 'TOO_MANY_TOKENS',
  TOO_MANY_DIRECTIVES: 'TOO_MANY_DIRECTIVES',
  QUERY_TOO_LARGE: 'QUERY_TOO_LARGE',
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
} as const;

type QueryLimitCode = (typeof QueryLimitCode)[keyof typeof QueryLimitCode];

function limitExceeded(code: QueryLimitCode, message: MessageId & `query${string}`, limit: number): GatewayError {
  return new GatewayError(code, msg(message, { limit }), { extensions: { limit } });
}

/**
 * Armor's callbacks: report our coded error instead of Armor's plain one. Validation rules get a
 * context to report to; the parser-level checks (characters, tokens) have none and must throw.
 */
function refuseWith(
  code: QueryLimitCode,
  message: MessageId & `query${string}`,
  limit: number,
): GraphQLArmorCallbackConfiguration {
  return {
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null) => {
        const error = limitExceeded(code, message, limit);
        if (!context) throw error;
        context.reportError(error);
      },
    ],
  };
}

/** The plugins that enforce the limits; `skipCost` exempts requests whose documents are the gateway's own. */
export function useQueryLimits(limits: QueryLimits, skipCost: (context: unknown) => boolean): Plugin[] {
  return [
    useCharacterLimit(limits.characters),
    maxTokensPlugin({ n: limits.tokens, ...refuseWith('TOO_MANY_TOKENS', 'queryTooManyTokens', limits.tokens) }),
    maxDepthPlugin({
      n: limits.depth,
      ignoreIntrospection: true,
      flattenFragments: true,
      ...refuseWith('QUERY_TOO_DEEP', 'queryTooDeep', limits.depth),
    }),
    maxAliasesPlugin({ n: limits.aliases, ...refuseWith('TOO_MANY_ALIASES', 'queryTooManyAliases', limits.aliases) }),
    maxDirectivesPlugin({
      n: limits.directives,
      ...refuseWith('TOO_MANY_DIRECTIVES', 'queryTooManyDirectives', limits.directives),
    }),
    useCostLimit(limits.cost, skipCost),
  ];
}

/**
 * Checked on the request's parameters, before Yoga's parse cache sees the text: Armor's
 * character-limit plugin checks at parse time, after the cache has kept the (refused) text as a key.
 */
function useCharacterLimit(maxLength: number): Plugin {
  return {
    onParams({ params }) {
      if (typeof params.query === 'string' && params.query.length > maxLength) {
        throw limitExceeded('QUERY_TOO_LARGE', 'queryTooLarge', maxLength);
      }
    },
  };
}

/** The only arguments a cost reads (src/graphql/query-limits.ts: fieldCost). */
const SIZE_ARGUMENTS: ReadonlySet<string> = new Set(['first', 'last', 'limit']);

function holdsVariable(value: ValueNode): boolean {
  if (value.kind === Kind.VARIABLE) return true;
  if (value.kind === Kind.LIST) return value.values.some(holdsVariable);
  if (value.kind === Kind.OBJECT) return value.fields.some((field) => holdsVariable(field.value));
  return false;
}

/**
 * Whether the variables can change the cost: only through a list size (Pothos counts fields under
 * `@skip`/`@include` whatever their condition).
 */
function costReadsVariables(document: DocumentNode): boolean {
  let reads = false;
  visit(document, {
    Argument(node) {
      if (SIZE_ARGUMENTS.has(node.name.value) && holdsVariable(node.value)) reads = true;
      return reads ? BREAK : undefined;
    },
  });
  return reads;
}

const PER_REQUEST = 'per-request';

/**
 * The cost can depend on the variables (`first: $n`), so it is computed before execution rather
 * than in the cached validation step. A document whose cost reads no variable (most, and every
 * mutation the bench sends) is costed once: its verdict is kept per parsed document, which
 * Yoga's parse cache hands out again for the same text.
 */
function useCostLimit(maxCost: number, skip: (context: unknown) => boolean): Plugin {
  // Per document: whether each operation exceeds the limit, or PER_REQUEST when the variables decide.
  const staticVerdicts = new WeakMap<DocumentNode, Map<string, boolean> | typeof PER_REQUEST>();
  const exceeds = ({ schema, document, contextValue, variableValues, operationName }: ExecutionArgs) => {
    let exceeded = false;
    const rule = createComplexityRule({
      context: contextValue as object,
      variableValues: variableValues ?? {},
      operationName: operationName ?? undefined,
      validate: ({ complexity }) => {
        exceeded = complexity > maxCost;
      },
    });
    // Errors other than the cost (bad variables) are execution's to report, as usual; a cost
    // computed beside them may be partial, so it is not kept.
    const complete = validate(schema, document, [rule]).length === 0;
    return { exceeded, complete };
  };
  return {
    onExecute({ args, setResultAndStopExecution }) {
      // Yoga's untyped Plugin leaves `args` as any; these are graphql-js' execution arguments.
      const execution = args as ExecutionArgs;
      if (skip(execution.contextValue)) return;
      const { document } = execution;
      let verdicts = staticVerdicts.get(document);
      if (verdicts === undefined) {
        verdicts = costReadsVariables(document) ? PER_REQUEST : new Map();
        staticVerdicts.set(document, verdicts);
      }
      const operation = execution.operationName ?? '';
      let exceeded = verdicts === PER_REQUEST ? undefined : verdicts.get(operation);
      if (exceeded === undefined) {
        const costed = exceeds(execution);
        exceeded = costed.exceeded;
        if (costed.complete && verdicts !== PER_REQUEST) verdicts.set(operation, exceeded);
      }
      if (exceeded) {
        setResultAndStopExecution({ errors: [limitExceeded('QUERY_TOO_COMPLEX', 'queryTooComplex', maxCost)] });
      }
    },
  };
}

/** How many items a list without a size argument is assumed to hold (Pothos' default multiplier). */
const ASSUMED_LIST_SIZE = 10;
/** A connection's page when the query gives neither `first` nor `last` (Pothos' default page size). */
const DEFAULT_PAGE_SIZE = 20;

/**
 * The cost of one field (Pothos' complexity plugin): 1, with its sub-selections multiplied by the
 * number of items it answers: the page size asked for (`first`, `last`, `limit`), a connection's
 * default page, or an assumed size for other lists. A page's `edges`/`nodes` are that page.
 */
export function fieldCost(
  args: Record<string, unknown>,
  field: Pick<GraphQLField<unknown, unknown>, 'name' | 'type' | 'args'>,
): FieldComplexityValue {
  const asked = [args.first, args.last, args.limit].find((size): size is number => typeof size === 'number');
  if (asked !== undefined) return { field: 1, multiplier: Math.max(asked, 0) };
  if (field.args.some((arg) => arg.name === 'first')) return { field: 1, multiplier: DEFAULT_PAGE_SIZE };
  if (field.name === 'edges' || field.name === 'nodes') return { field: 1, multiplier: 1 };
  return isListType(getNullableType(field.type)) ? { field: 1, multiplier: ASSUMED_LIST_SIZE } : 1;
}
