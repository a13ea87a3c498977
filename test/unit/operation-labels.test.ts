// Operation names are the client's choice: as metric labels they are capped, and only
// authenticated callers may add one.
import { describe, expect, it } from 'vitest';
import { OperationLabels, OTHER_OPERATION } from '../../src/observability/metrics.js';

describe('OperationLabels', () => {
  it('keeps the first names of authenticated callers, then counts every new one as other', () => {
    const labels = new OperationLabels(2);
    expect(labels.label('Pipelines', true)).toBe('Pipelines');
    expect(labels.label('Flood1', false)).toBe(OTHER_OPERATION);
    expect(labels.label('Opportunities', true)).toBe('Opportunities');
    expect(labels.label('Third', true)).toBe(OTHER_OPERATION);
    // A name already kept stays itself, whoever sends it.
    expect(labels.label('Pipelines', false)).toBe('Pipelines');
    expect(labels.label(undefined, true)).toBe('');
  });
});
