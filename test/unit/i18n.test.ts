// The catalog on its own: third-party texts are recognised from their English text and nothing
// else is (the gateway's own errors, the REST layer's included, are rendered from their ids: see
// rest-failure.test.ts), and translations use only the parameters the message has.
// (Accept-Language negotiation: locale.test.ts.)
import { describe, expect, it } from 'vitest';
import { CATALOG, type MessageId } from '../../src/i18n/catalog.js';
import { msg, recognise, render } from '../../src/i18n/messages.js';

const ids = Object.keys(CATALOG) as MessageId[];
const thirdParty = ids.filter((id) => 'from' in CATALOG[id]);
const own = ids.filter((id) => !thirdParty.includes(id));
const placeholders = (template: string) => [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
const sampleParams = (id: MessageId) =>
  Object.fromEntries(placeholders(CATALOG[id].en).map((name, i) => [name, `<${name}-${i}>`]));

describe('the catalog', () => {
  it.each(thirdParty)('%s (third-party): recognised from its English text, with its parameters', (id) => {
    const params = sampleParams(id);
    const text = render({ id, params }, 'en');
    expect(text).not.toMatch(/\{\w+\}/);
    expect(recognise(text)).toEqual({ id, params });
  });

  it.each(own)("%s (the gateway's own): never recognised from a text, rendered from its id", (id) => {
    const text = render({ id, params: sampleParams(id) }, 'en');
    expect(text).not.toMatch(/\{\w+\}/);
    expect(recognise(text)).toBeUndefined();
  });

  it.each(ids)('%s: the pt-BR text uses only parameters the message has, and differs from English', (id) => {
    const { en, 'pt-BR': pt } = CATALOG[id];
    const params = Object.fromEntries(placeholders(en).map((name) => [name, `<${name}>`]));
    if (typeof pt === 'string') expect(placeholders(en)).toEqual(expect.arrayContaining(placeholders(pt)));
    const rendered = render({ id, params }, 'pt-BR');
    expect(rendered).not.toMatch(/\{\w+\}/);
    expect(rendered).not.toBe(render({ id, params }, 'en'));
  });

  it('says "not found" with the entity and its gender, in the words of the pt-BR page for an opportunity', () => {
    const notFound = (entity: string) => render(msg('notFound', { entity }), 'pt-BR');
    expect(notFound('Opportunity')).toBe('Oportunidade nao encontrada');
    expect(notFound('Pipeline')).toBe('Pipeline nao encontrado');
    expect(notFound('Opportunity stage')).toBe('Estagio de oportunidade nao encontrado');
    expect(notFound('API key')).toBe('Chave de API nao encontrada');
  });

  it('joins list parameters, and recognises no text that is not a third-party message', () => {
    expect(render({ id: 'invalidStatus', params: { status: 'x', validStatuses: ['new', 'won'] } }, 'pt-BR')).toBe(
      'Valor de status invalido: "x". Valores validos: new, won',
    );
    expect(recognise('Something nobody translated')).toBeUndefined();
    expect(recognise('Opportunity not found')).toBeUndefined();
    expect(render(msg('required'), 'en')).toBe('Required');
  });
});
