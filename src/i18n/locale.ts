// The language of a request, from its Accept-Language header (RFC 9110 §12.5.4): the most
// preferred language the gateway speaks. Any Portuguese is answered in Brazilian Portuguese, the
// only Portuguese the API is documented in; anything else, or nothing, in English.
import { DEFAULT_LOCALE, type Locale } from './catalog.js';

function localeOfTag(tag: string): Locale | undefined {
  const language = tag.split('-')[0]?.toLowerCase();
  if (language === 'pt') return 'pt-BR';
  if (language === 'en' || language === '*') return 'en';
  return undefined;
}

/** Quality of a range: its `q` parameter (1 without one); undefined when malformed. */
function qualityOf(params: readonly string[]): number | undefined {
  const q = params.find((param) => /^q=/i.test(param));
  if (q === undefined) return 1;
  const value = q.slice(2);
  return /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/.test(value) ? Number(value) : undefined;
}

export function negotiateLocale(acceptLanguage: string | null | undefined): Locale {
  // Most API clients send none: no parsing on every request for them.
  if (!acceptLanguage) return DEFAULT_LOCALE;
  let best: { locale: Locale; quality: number } | undefined;
  for (const range of (acceptLanguage ?? '').split(',')) {
    const [tag = '', ...params] = range.split(';').map((part) => part.trim());
    const locale = localeOfTag(tag);
    const quality = qualityOf(params);
    // q=0 means "not acceptable"; among equals the first listed wins.
    if (locale && quality && (!best || quality > best.quality)) best = { locale, quality };
  }
  return best?.locale ?? DEFAULT_LOCALE;
}

export function localeOf(request: Request): Locale {
  return negotiateLocale(request.headers.get('accept-language'));
}
