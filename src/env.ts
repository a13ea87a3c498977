// Reading configuration from environment variables, once, at start. Each part of the program
// declares the variables it reads as a zod object, every variable `.describe`d with what it
// accepts; a wrong value is a ConfigError naming the variable and that description, which
// `exitOnConfigError` prints as one line before ending the process (exit code 2, no stack trace).
// Values are never echoed: a URL may carry a password.
import { z } from 'zod';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(
    readonly variables: readonly string[],
    message: string,
  ) {
    super(message);
  }
}

/** The variables `schema` declares, read from `env` (an empty value counts as unset, as in `PORT= npm start`). */
export function parseEnv<Shape extends z.ZodRawShape>(
  schema: z.ZodObject<Shape>,
  env: NodeJS.ProcessEnv,
): z.output<z.ZodObject<Shape>> {
  const given = Object.fromEntries(
    Object.keys(schema.shape).map((name) => [name, env[name] === '' ? undefined : env[name]]),
  );
  const parsed = schema.safeParse(given);
  if (parsed.success) return parsed.data;
  const variables = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0])))];
  const accepted = variables.map((name) => {
    const variable = schema.shape[name];
    return `${name} accepts ${(variable && z.globalRegistry.get(variable)?.description) ?? 'another value'}`;
  });
  throw new ConfigError(variables, `Invalid configuration: ${accepted.join('; ')}.`);
}

/** Runs `read`; a ConfigError ends the process with its one line on stderr and exit code 2. */
export function exitOnConfigError<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
}

const INTEGER = /^-?\d+$/;

/** A whole number from `min` to `max`, written in decimal digits ("1e3", "12px" and "" are refused). */
export function envInteger({ min, max = Number.MAX_SAFE_INTEGER }: { min: number; max?: number }) {
  return z.string().trim().regex(INTEGER).transform(Number).pipe(z.number().int().min(min).max(max));
}

const TRUE = ['1', 'true', 'yes'];
const FALSE = ['0', 'false', 'no'];

/** On (`1`, `true`, `yes`) or off (`0`, `false`, `no`), in any case; anything else is refused, not taken as off. */
export function envFlag() {
  return z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum([...TRUE, ...FALSE]))
    .transform((value) => TRUE.includes(value));
}

/** An absolute URL with one of `protocols` (e.g. `['redis:', 'rediss:']`). */
export function envUrl(protocols: readonly string[]) {
  return z
    .string()
    .trim()
    .refine((value) => URL.canParse(value) && protocols.includes(new URL(value).protocol));
}
