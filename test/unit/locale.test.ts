// Accept-Language picks the most preferred language the gateway speaks (RFC 9110 §12.5.4).
import { describe, expect, it } from 'vitest';
import { negotiateLocale } from '../../src/i18n/locale.js';

describe('Accept-Language', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['pt-BR', 'pt-BR'],
    ['pt', 'pt-BR'],
    ['pt-PT', 'pt-BR'],
    ['PT-br', 'pt-BR'],
    ['en-US', 'en'],
    ['fr-FR, de', 'en'],
    ['fr-FR, pt-BR;q=0.5', 'pt-BR'],
    ['en;q=0.4, pt;q=0.8', 'pt-BR'],
    ['pt-BR;q=0.8, en-US;q=0.9', 'en'],
    ['pt-BR, en', 'pt-BR'],
    ['en, pt-BR', 'en'],
    ['pt;q=0, en;q=0.1', 'en'],
    ['pt;q=0', 'en'],
    ['pt;q=2', 'en'],
    ['*', 'en'],
    ['fr, *;q=0.1, pt;q=0.2', 'pt-BR'],
  ])('%j → %s', (header, locale) => {
    expect(negotiateLocale(header)).toBe(locale);
  });
});
