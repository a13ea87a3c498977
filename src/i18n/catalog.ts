// Every message the gateway says, by id, in each language it speaks. Errors are built from an id
// and parameters (`msg` in messages.ts) and rendered in the caller's language; English is also
// what clients that ask for nothing get. The Brazilian Portuguese texts follow the GetRaze pt-BR
// documentation, which is written without accents ("Valor de status invalido", "Oportunidade nao
// encontrada"), so every text here is too. `{name}` is a parameter.
//
// Some entries are the texts of third-party code that only gives a string (graphql-js and
// graphql-scalars coercion, Pothos' connection arguments, Yoga's masked error): their `from` says
// whose, and they are recognised by their English template (messages.ts) to be said again.

export type Locale = 'en' | 'pt-BR';
export const DEFAULT_LOCALE: Locale = 'en';

/** A template, or a function of the (already formatted) parameters where grammar needs one. */
type Translation = string | ((params: Readonly<Record<string, string>>) => string);

/** Third-party code whose messages the catalog says in other languages. */
export type ThirdParty = 'graphql-js' | 'graphql-scalars' | 'pothos' | 'yoga';

interface Entry {
  readonly en: string;
  readonly 'pt-BR': Translation;
  /** Whose text this is when it is not the gateway's: the English template then recognises it in a text. */
  readonly from?: ThirdParty;
}

/** Names and grammatical gender of the entities that `{entity} not found` speaks of. */
const ENTITIES_PT: Readonly<Record<string, { name: string; feminine: boolean }>> = {
  Opportunity: { name: 'Oportunidade', feminine: true },
  'Opportunity stage': { name: 'Estagio de oportunidade', feminine: false },
  Pipeline: { name: 'Pipeline', feminine: false },
  'API key': { name: 'Chave de API', feminine: true },
  Webhook: { name: 'Webhook', feminine: false },
  'Webhook delivery': { name: 'Entrega de webhook', feminine: true },
};

export const CATALOG = {
  // Shared errors (src/errors.ts).
  notFound: {
    en: '{entity} not found',
    'pt-BR': ({ entity = '' }) => {
      const known = ENTITIES_PT[entity];
      return known ? `${known.name} nao encontrad${known.feminine ? 'a' : 'o'}` : `Nao encontrado: ${entity}`;
    },
  },
  invalidFieldValues: { en: 'Invalid field values', 'pt-BR': 'Valores de campos invalidos' },
  missingApiKey: {
    en: 'An API key is required (Authorization: Bearer <key> or X-API-Key: <key>)',
    'pt-BR': 'Uma chave de API e obrigatoria (Authorization: Bearer <chave> ou X-API-Key: <chave>)',
  },
  invalidApiKey: {
    en: 'The API key is invalid or has been revoked',
    'pt-BR': 'A chave de API e invalida ou foi revogada',
  },
  expiredApiKey: { en: 'The API key has expired', 'pt-BR': 'A chave de API expirou' },
  forbidden: {
    en: 'This API key lacks the permission {scope}',
    'pt-BR': 'Esta chave de API nao tem a permissao {scope}',
  },
  databaseUnavailable: {
    en: 'The database is unavailable; try again shortly',
    'pt-BR': 'O banco de dados esta indisponivel; tente novamente em instantes',
  },
  databaseBusy: {
    en: 'The database is too busy to answer in time; try again shortly',
    'pt-BR': 'O banco de dados esta ocupado demais para responder a tempo; tente novamente em instantes',
  },
  // Yoga's text for a masked (unexpected) error, also the REST router's.
  unexpectedError: { en: 'Unexpected error.', 'pt-BR': 'Erro inesperado.', from: 'yoga' },

  // Query limits (src/graphql/query-limits.ts) and introspection (src/graphql/introspection.ts).
  queryTooDeep: {
    en: 'The query nests deeper than {limit} levels',
    'pt-BR': 'A consulta tem mais de {limit} niveis de aninhamento',
  },
  queryTooManyAliases: {
    en: 'The query uses more than {limit} aliases',
    'pt-BR': 'A consulta usa mais de {limit} aliases',
  },
  queryTooManyTokens: {
    en: 'The query has more than {limit} tokens',
    'pt-BR': 'A consulta tem mais de {limit} tokens',
  },
  queryTooManyDirectives: {
    en: 'The query uses more than {limit} directives',
    'pt-BR': 'A consulta usa mais de {limit} diretivas',
  },
  queryTooLarge: {
    en: 'The query is longer than {limit} characters',
    'pt-BR': 'A consulta tem mais de {limit} caracteres',
  },
  queryTooComplex: {
    en: 'The query costs more than {limit} (each field counts 1, times the sizes of the lists it is in)',
    'pt-BR': 'A consulta custa mais de {limit} (cada campo conta 1, vezes o tamanho das listas em que esta)',
  },
  introspectionNeedsKey: {
    en: 'Introspection needs a valid API key',
    'pt-BR': 'A introspeccao exige uma chave de API valida',
  },

  // Opportunities (src/modules/opportunity/opportunity.errors.ts).
  invalidStatus: {
    en: 'Invalid status "{status}". Valid values: {validStatuses}',
    'pt-BR': 'Valor de status invalido: "{status}". Valores validos: {validStatuses}',
  },
  webhookUrlInvalid: {
    en: 'A webhook URL must be an absolute http:// or https:// URL without credentials',
    'pt-BR': 'A URL de um webhook deve ser uma URL http:// ou https:// absoluta, sem credenciais',
  },
  webhookUrlPrivate: {
    en: 'A webhook cannot target a loopback, private or link-local address',
    'pt-BR': 'Um webhook nao pode apontar para um endereco de loopback, privado ou link-local',
  },
  stageInactive: {
    en: 'The target stage is inactive; opportunities cannot be moved into it',
    'pt-BR': 'O estagio de destino esta inativo; oportunidades nao podem ser movidas para ele',
  },
  stageNotInPipeline: {
    en: 'The target stage belongs to another pipeline; name that pipeline as pipelineId to move the opportunity into it',
    'pt-BR':
      'O estagio de destino pertence a outro pipeline; informe esse pipeline em pipelineId para mover a oportunidade para ele',
  },

  moveNotApplied: {
    en: 'Not applied: another move of the batch failed and allOrNone was set',
    'pt-BR': 'Nao aplicado: outro movimento do lote falhou e allOrNone foi informado',
  },

  // Opportunity events (src/modules/opportunity-event/opportunity-event.errors.ts).
  subscriberTooSlow: {
    en: 'The subscriber fell more than {maxPending} events behind and was disconnected; subscribe again with `after` set to the last event id received to resume',
    'pt-BR':
      'O assinante ficou mais de {maxPending} eventos atrasado e foi desconectado; assine novamente com `after` igual ao id do ultimo evento recebido para continuar',
  },

  // Pipelines (src/modules/pipeline/pipeline.errors.ts).
  stageKeyTaken: {
    en: 'The pipeline already has a stage with the key "{key}"',
    'pt-BR': 'O pipeline ja tem um estagio com a chave "{key}"',
  },
  stageHoldsOpportunities: {
    en: 'The stage still holds opportunities; move them to another stage before moving the stage to another pipeline',
    'pt-BR':
      'O estagio ainda tem oportunidades; mova-as para outro estagio antes de mover o estagio para outro pipeline',
  },

  // The REST router's own failures and the route mappings' (src/rest, src/vendors/*/*.rest.ts).
  noRoute: { en: 'No route {method} {path}', 'pt-BR': 'Nenhuma rota {method} {path}' },
  methodNotAllowed: { en: 'Method {method} is not allowed here', 'pt-BR': 'O metodo {method} nao e permitido aqui' },
  payloadTooLarge: { en: 'The body exceeds {limit} bytes', 'pt-BR': 'O corpo excede {limit} bytes' },
  unsupportedMediaType: {
    en: 'The body must be JSON (Content-Type: application/json)',
    'pt-BR': 'O corpo deve ser JSON (Content-Type: application/json)',
  },
  invalidJson: { en: 'The body is not valid JSON', 'pt-BR': 'O corpo nao e um JSON valido' },
  bodyNotUtf8: { en: 'The body is not valid UTF-8', 'pt-BR': 'O corpo nao e UTF-8 valido' },
  jsonTooDeep: {
    en: 'The body nests more than {limit} levels',
    'pt-BR': 'O corpo tem mais de {limit} niveis de aninhamento',
  },
  nulCharacter: {
    en: 'Must not contain the NUL character (U+0000)',
    'pt-BR': 'Nao pode conter o caractere NUL (U+0000)',
  },
  malformedPathEscape: {
    en: 'The path has a malformed percent-escape',
    'pt-BR': 'O caminho tem um escape de porcentagem malformado',
  },
  mustBeUuid: { en: 'Must be a UUID', 'pt-BR': 'Deve ser um UUID' },
  mustBeOpportunityId: {
    en: 'Must be an opportunity id (opp_ and at most {max} lowercase letters or digits)',
    'pt-BR': 'Deve ser um id de oportunidade (opp_ e no maximo {max} letras minusculas ou digitos)',
  },
  mustBeUserId: {
    en: 'Must be a user id (usr_ and at most {max} lowercase letters or digits)',
    'pt-BR': 'Deve ser um id de usuario (usr_ e no maximo {max} letras minusculas ou digitos)',
  },
  valueNotStorable: {
    en: 'A value is out of range or malformed for its field',
    'pt-BR': 'Um valor esta fora do intervalo ou malformado para o seu campo',
  },
  bodyNotObject: { en: 'The body must be a JSON object', 'pt-BR': 'O corpo deve ser um objeto JSON' },
  statusNotChangedHere: {
    en: 'The status cannot be changed here; use {route}',
    'pt-BR': 'O status nao pode ser alterado aqui; use {route}',
  },
  mustBeNumber: { en: 'Must be a number', 'pt-BR': 'Deve ser um numero' },
  invalidUuidParameter: {
    en: "Parameter '{parameter}' is not a valid UUID.",
    'pt-BR': "O parametro '{parameter}' nao e um UUID valido.",
  },
  // The Ruddr API's own words (src/vendors/ruddr/ruddr-api.ts).
  bearerTokenRequired: {
    en: 'A bearer token is required (Authorization: Bearer <token>)',
    'pt-BR': 'Um token bearer e obrigatorio (Authorization: Bearer <token>)',
  },
  requestHasErrors: {
    en: 'There was a problem processing your request. See errors for more details.',
    'pt-BR': 'Houve um problema ao processar sua requisicao. Veja errors para mais detalhes.',
  },
  rateLimitExceeded: {
    en: 'Rate limit exceeded: {limit} requests per hour; retry in {retryAfter} seconds',
    'pt-BR': 'Limite de requisicoes excedido: {limit} requisicoes por hora; tente novamente em {retryAfter} segundos',
  },

  // Per-field messages: input validation (src/graphql/validation.ts and the modules' schemas).
  required: { en: 'Required', 'pt-BR': 'Obrigatorio' },
  unknownField: { en: 'Unknown field', 'pt-BR': 'Campo desconhecido' },
  mustNotBeNull: { en: 'Must not be null', 'pt-BR': 'Nao pode ser nulo' },
  mustNotBeEmpty: { en: 'Must not be empty', 'pt-BR': 'Nao pode ser vazio' },
  idempotencyKeyInvalid: {
    en: 'The Idempotency-Key header must be 1 to {max} visible ASCII characters',
    'pt-BR': 'O cabecalho Idempotency-Key deve ter de 1 a {max} caracteres ASCII visiveis',
  },
  versionMismatch: {
    en: '{entity} {id} has changed: its version is {currentVersion}, not the expected {expectedVersion}',
    'pt-BR': ({ entity = '', id = '', currentVersion = '', expectedVersion = '' }) =>
      `${ENTITIES_PT[entity]?.name ?? entity} ${id} foi alterad${ENTITIES_PT[entity]?.feminine === false ? 'o' : 'a'}: ` +
      `sua versao e ${currentVersion}, nao a esperada ${expectedVersion}`,
  },
  preconditionFailed: {
    en: 'If-Match does not match the current ETag of the resource; read it again and retry',
    'pt-BR': 'If-Match nao corresponde ao ETag atual do recurso; leia-o novamente e tente de novo',
  },
  idempotencyKeyInUse: {
    en: 'A request with this Idempotency-Key is still running; retry when it has finished',
    'pt-BR': 'Uma requisicao com esta Idempotency-Key ainda esta em andamento; tente novamente quando ela terminar',
  },
  idempotencyKeyReused: {
    en: 'This Idempotency-Key was used for a different request; use a new key for a new request',
    'pt-BR': 'Esta Idempotency-Key foi usada em outra requisicao; use uma nova chave para uma nova requisicao',
  },
  maxCharacters: { en: 'At most {max} characters', 'pt-BR': 'No maximo {max} caracteres' },
  decimalNumber: { en: 'Must be a decimal number', 'pt-BR': 'Deve ser um numero decimal' },
  atLeast: { en: 'Must be at least {min}', 'pt-BR': 'Deve ser no minimo {min}' },
  atMost: { en: 'Must be at most {max}', 'pt-BR': 'Deve ser no maximo {max}' },
  between: { en: 'Must be between {min} and {max}', 'pt-BR': 'Deve estar entre {min} e {max}' },
  maxDecimalPlaces: { en: 'At most {places} decimal places', 'pt-BR': 'No maximo {places} casas decimais' },
  validEmail: { en: 'Must be a valid email address', 'pt-BR': 'Deve ser um endereco de e-mail valido' },
  currencyCode: { en: 'Must be an ISO 4217 code', 'pt-BR': 'Deve ser um codigo ISO 4217' },
  noSuchUser: { en: 'No such user in this workspace', 'pt-BR': 'Nao existe esse usuario neste workspace' },
  stageIdOrStatus: {
    en: 'Give exactly one of stageId and status',
    'pt-BR': 'Informe exatamente um entre stageId e status',
  },
  startingAfterOrEndingBefore: {
    en: 'Give at most one of startingAfter and endingBefore',
    'pt-BR': 'Informe no maximo um entre startingAfter e endingBefore',
  },
  atMostItems: { en: 'At most {max} items', 'pt-BR': 'No maximo {max} itens' },
  onceEach: {
    en: 'Each opportunity at most once per batch',
    'pt-BR': 'Cada oportunidade no maximo uma vez por lote',
  },
  eventId: { en: 'Must be an event id (digits)', 'pt-BR': 'Deve ser um id de evento (digitos)' },
  noSuchCursor: { en: 'No record with this id in the list', 'pt-BR': 'Nenhum registro com este id na lista' },
  nameRequired: { en: 'Name is required', 'pt-BR': 'O nome e obrigatorio' },
  unknownScopes: {
    en: 'Unknown scopes: {scopes}. Valid scopes: {validScopes}',
    'pt-BR': 'Permissoes desconhecidas: {scopes}. Permissoes validas: {validScopes}',
  },
  scopeRequired: { en: 'At least one scope is required', 'pt-BR': 'Pelo menos uma permissao e obrigatoria' },
  inTheFuture: { en: 'Must be in the future', 'pt-BR': 'Deve estar no futuro' },
  stageKeyFormat: {
    en: 'Lowercase letters and digits, in groups joined by single - or _ (e.g. closed-won)',
    'pt-BR': 'Letras minusculas e digitos, em grupos unidos por um unico - ou _ (ex.: closed-won)',
  },
  // A refusal no other message describes: what the refusing code said, as it said it.
  invalidValue: { en: 'Invalid value: {reason}', 'pt-BR': 'Valor invalido: {reason}' },
  notADecimal: {
    en: 'Decimal cannot represent {value}; send a number or a decimal string',
    'pt-BR': 'Decimal nao pode representar {value}; envie um numero ou um texto decimal',
  },

  // Connection arguments refused by Pothos (@pothos/core, plugin-relay and plugin-prisma).
  negativeConnectionArgument: {
    en: 'Argument "{argument}" must be a non-negative integer',
    'pt-BR': 'O argumento "{argument}" deve ser um inteiro nao negativo',
    from: 'pothos',
  },
  conflictingConnectionArguments: {
    en: 'Arguments "{argument}" and "{other}" are not supported at the same time',
    'pt-BR': 'Os argumentos "{argument}" e "{other}" nao podem ser usados ao mesmo tempo',
    from: 'pothos',
  },
  invalidCursor: { en: 'Invalid cursor: {cursor}', 'pt-BR': 'Cursor invalido: {cursor}', from: 'pothos' },

  // Per-field messages of input coercion: graphql-js and graphql-scalars.
  notAnObject: {
    en: 'Expected type {type} to be an object.',
    'pt-BR': 'Esperado um objeto do tipo {type}.',
    from: 'graphql-js',
  },
  notNullable: {
    en: 'Expected non-nullable type {type} not to be null.',
    'pt-BR': 'O tipo nao anulavel {type} nao pode ser nulo.',
    from: 'graphql-js',
  },
  notAString: {
    en: 'String cannot represent a non string value: {value}',
    'pt-BR': 'String nao pode representar um valor que nao e texto: {value}',
    from: 'graphql-js',
  },
  notAnInteger: {
    en: 'Int cannot represent non-integer value: {value}',
    'pt-BR': 'Int nao pode representar um valor nao inteiro: {value}',
    from: 'graphql-js',
  },
  notA32BitInteger: {
    en: 'Int cannot represent non 32-bit signed integer value: {value}',
    'pt-BR': 'Int nao pode representar um valor fora de 32 bits com sinal: {value}',
    from: 'graphql-js',
  },
  notABoolean: {
    en: 'Boolean cannot represent a non boolean value: {value}',
    'pt-BR': 'Boolean nao pode representar um valor nao booleano: {value}',
    from: 'graphql-js',
  },
  notAnId: {
    en: 'ID cannot represent value: {value}',
    'pt-BR': 'ID nao pode representar o valor: {value}',
    from: 'graphql-js',
  },
  notInEnum: {
    en: 'Value {value} does not exist in {enum} enum.',
    'pt-BR': 'O valor {value} nao existe no enum {enum}.',
    from: 'graphql-js',
  },
  // graphql-js lists its suggestions in English ('"A", "B", or "C"').
  notInEnumSuggesting: {
    en: 'Value {value} does not exist in {enum} enum. Did you mean the enum value {suggestions}?',
    'pt-BR': ({ value = '', enum: name = '', suggestions = '' }) =>
      `O valor ${value} nao existe no enum ${name}. Voce quis dizer o valor ${suggestions.replace(/,? or /, ' ou ')}?`,
    from: 'graphql-js',
  },
  notText: { en: 'Value is not string: {value}', 'pt-BR': 'O valor nao e um texto: {value}', from: 'graphql-scalars' },
  notAnEmail: {
    en: 'Value is not a valid email address: {value}',
    'pt-BR': 'O valor nao e um endereco de e-mail valido: {value}',
    from: 'graphql-scalars',
  },
  notACurrency: {
    en: 'Value is not a valid currency value: {value}',
    'pt-BR': 'O valor nao e um codigo de moeda valido: {value}',
    from: 'graphql-scalars',
  },
  notADateTime: {
    en: 'DateTime cannot represent an invalid date-time-string {value}.',
    'pt-BR': 'DateTime nao pode representar um texto de data e hora invalido: {value}.',
    from: 'graphql-scalars',
  },
  notADateTimeType: {
    en: 'DateTime cannot represent non string or Date type {value}',
    'pt-BR': 'DateTime nao pode representar um valor que nao e texto nem data: {value}',
    from: 'graphql-scalars',
  },
} as const satisfies Record<string, Entry>;

export type MessageId = keyof typeof CATALOG;

/** `'{a} and {b}'` → `'a' | 'b'`. */
type Placeholders<T extends string> = T extends `${string}{${infer Name}}${infer Rest}`
  ? Name | Placeholders<Rest>
  : never;

/** The names of a message's parameters. */
export type ParamNames<Id extends MessageId> = Placeholders<(typeof CATALOG)[Id]['en']>;

/** The parameters a message needs (more may be kept, for logs). */
export type ParamsOf<Id extends MessageId> = Readonly<Record<ParamNames<Id>, unknown>> &
  Readonly<Record<string, unknown>>;
