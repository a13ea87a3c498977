// Tracing costs nothing when it is off: the OpenTelemetry SDK is imported by one file,
// src/observability/tracing-sdk.ts, which only a dynamic import (when a collector is configured)
// loads. A static import of it anywhere else would load the SDK into every gateway.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
// Type-only imports are erased: they load nothing.
const SDK =
  /^import (?!type )[^;]*from '(@opentelemetry\/[^']+|@envelop\/opentelemetry|@prisma\/instrumentation|[^']*tracing-sdk\.js)'/m;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('tracing', () => {
  it('is loaded only through a dynamic import', () => {
    const importers = sourceFiles(join(root, 'src'))
      .filter((file) => SDK.test(readFileSync(file, 'utf8')))
      .map((file) => relative(root, file));
    expect(importers).toEqual(['src/observability/tracing-sdk.ts']);
    expect(readFileSync(join(root, 'src/observability/tracing.ts'), 'utf8')).toContain(
      "await import('./tracing-sdk.js')",
    );
  });
});
