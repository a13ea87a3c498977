// Queries and mutations run as graphql-jit compiles them: one JavaScript function per document,
// made on its second execution (GRAPHQL_COMPILE_ON_RUN), instead of graphql-js walking the
// document on every request.
// graphql-js stays the reference wherever the two differ:
// - graphql-jit builds an input-object literal's variable that the request left out as null, where
//   graphql-js leaves the field out (so a partial update would clear it): a request that leaves
//   out a variable used inside an object literal runs on graphql-js;
// - graphql-jit rejects a required input field with a default that the variables leave out
//   (graphql-jit#142) and words its refusals its own way: when it refuses the variables, graphql-js
//   runs the request and answers the refusal (the messages src/graphql/coercion-errors.ts reads);
// - graphql-jit's errors carry locations but not the nodes graphql-js' errors are built from, and
//   which every copy of an error (localized, with the request id) keeps: they are made again as
//   graphql-js makes them.
// Subscriptions (onSubscribe) stay on graphql-js.
import {
  getLocation,
  GraphQLError,
  visit,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FieldNode,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { Plugin, PromiseOrValue } from 'graphql-yoga';

interface CompiledOperation {
  query: CompiledQuery;
  /** Variables read inside object literals: graphql-jit runs only requests that give them all. */
  literalVariables: readonly string[];
  /** The document's fields by location, made on the first answer with errors. */
  fields?: Map<string, FieldNode>;
}

/** The variables the document reads inside an input-object literal (`{ name: $name }`). */
function variablesInObjectLiterals(document: DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    ObjectValue(node) {
      visit(node, {
        Variable(variable) {
          names.add(variable.name.value);
        },
      });
      return false;
    },
  });
  return [...names];
}

/** The document's fields by where they start ("line:column"), as errors' locations name them. */
function fieldsByLocation(document: DocumentNode): Map<string, FieldNode> {
  const fields = new Map<string, FieldNode>();
  visit(document, {
    Field(node) {
      if (!node.loc) return;
      const { line, column } = getLocation(node.loc.source, node.loc.start);
      fields.set(`${line}:${column}`, node);
    },
  });
  return fields;
}

/** graphql-jit's error as graphql-js' locatedError would have made it. */
function located(error: GraphQLError, fields: Map<string, FieldNode>): GraphQLError {
  const nodes = error.locations?.flatMap(({ line, column }) => fields.get(`${line}:${column}`) ?? []);
  return new GraphQLError(error.message, {
    nodes,
    path: error.path,
    originalError: error.originalError,
    extensions: error.extensions,
  });
}

/** graphql-jit answers a refusal of the variables before execution: errors and no `data` at all. */
function variablesRefused(result: ExecutionResult): boolean {
  return !('data' in result);
}

/**
 * Compiling a document costs about as much as parsing and validating it (0.1 to 0.5 ms): on its
 * second run, so a client sending a new document each time (values written into it) never pays
 * for it, nor keeps a compiled function in memory for each.
 */
export const DEFAULT_COMPILE_ON_RUN = 2;

/** `compileOnRun`: the run of a document on which it is compiled (1: the first); 0: never. */
export function useJitExecution({ compileOnRun }: { compileOnRun: number }): Plugin {
  // Per parsed document (Yoga caches them by text; the REST routes parse theirs once), and per
  // operation name: its runs so far, then its compiled form (null where graphql-jit cannot).
  const compiled = new WeakMap<DocumentNode, Map<string, CompiledOperation | null | number>>();

  function compiledFor({ schema, document, operationName }: ExecutionArgs): CompiledOperation | null {
    let byOperation = compiled.get(document);
    if (!byOperation) {
      byOperation = new Map();
      compiled.set(document, byOperation);
    }
    const name = operationName ?? '';
    const known = byOperation.get(name) ?? 0;
    if (typeof known === 'object') return known;
    if (known + 1 < compileOnRun) {
      byOperation.set(name, known + 1);
      return null;
    }
    const query = compileQuery(schema, document, operationName ?? undefined);
    const operation = isCompiledQuery(query) ? { query, literalVariables: variablesInObjectLiterals(document) } : null;
    byOperation.set(name, operation);
    return operation;
  }

  return {
    // Yoga's untyped Plugin leaves `args` as any; these are graphql-js' execution arguments.
    onExecute({ args, setExecuteFn, executeFn }) {
      if (compileOnRun === 0) return;
      const operation = compiledFor(args);
      if (!operation) return;
      const { query, literalVariables } = operation;
      // envelop types the execute function loosely; it is graphql-js' execute (or a wrapper of it).
      const execute = executeFn as (execution: ExecutionArgs) => PromiseOrValue<ExecutionResult>;
      setExecuteFn((execution: ExecutionArgs) => {
        const { rootValue, contextValue, variableValues } = execution;
        if (!literalVariables.every((name) => variableValues && Object.hasOwn(variableValues, name))) {
          return execute(execution);
        }
        const answer = (result: ExecutionResult): PromiseOrValue<ExecutionResult> => {
          if (variablesRefused(result)) return execute(execution);
          const { errors, ...rest } = result;
          if (!errors?.length) return result;
          const fields = (operation.fields ??= fieldsByLocation(execution.document));
          // Errors first, as graphql-js answers them.
          return { errors: errors.map((error) => located(error, fields)), ...rest };
        };
        const result = query.query(rootValue, contextValue, variableValues);
        return result instanceof Promise ? result.then(answer) : answer(result);
      });
    },
  };
}
