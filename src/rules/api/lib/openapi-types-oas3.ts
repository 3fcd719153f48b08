/**
 * The OpenAPI 3.0.x and 3.1.x object models as type trees (see openapi-types.ts for the notation), after the
 * specifications' Fixed Fields tables (https://spec.openapis.org/oas/v3.0.3#schema,
 * https://spec.openapis.org/oas/v3.1.0#schema). 3.1 is 3.0 plus webhooks, jsonSchemaDialect, pathItems, summary on
 * Info and License identifier, mutualTLS, and JSON Schema 2020-12 schemas: open (custom keywords allowed), with only
 * the well-known keywords' value kinds checked.
 *
 * Left out on purpose because another rule reports them: an operation without `responses` and a `responses` map
 * without entries (api/operation-success-response), `required: true` on path parameters (api/path-parameters), a
 * server variable without `default` (api/servers), OAuth2 flows without scopes (api/oauth2-scopes), keys beside a
 * `$ref` (api/ref-siblings).
 */
import { compileTree, type TypeDef, type TypeTree } from './openapi-types.js';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

const PARAMETER_STYLES: Record<string, string> = {
  path: '=matrix,label,simple',
  query: '=form,spaceDelimited,pipeDelimited,deepObject',
  header: '=simple',
  cookie: '=form',
};

function oas3(version: '3.0' | '3.1'): Record<string, TypeDef> {
  const v31 = version === '3.1';
  // In 3.1 a Schema Object is a JSON Schema: a boolean is a schema, and `$ref` is a keyword like any other.
  const S = v31 ? 'boolean|Schema' : 'Schema|ref';
  const opFields: Record<string, string> = {
    tags: '[string]',
    summary: 'string',
    description: 'string',
    externalDocs: 'ExternalDocumentation',
    operationId: 'string',
    parameters: '[Parameter|ref]',
    requestBody: 'RequestBody|ref',
    responses: 'Responses',
    callbacks: '{Callback|ref}',
    deprecated: 'boolean',
    security: '[SecurityRequirement]',
    servers: '[Server]',
  };
  const flow = (required: string[]): TypeDef => ({
    fields: { authorizationUrl: 'string', tokenUrl: 'string', refreshUrl: 'string', scopes: '{string}' },
    required,
  });
  return {
    OpenAPI: {
      fields: {
        openapi: 'string',
        info: 'Info',
        servers: '[Server]',
        paths: 'Paths',
        components: 'Components',
        security: '[SecurityRequirement]',
        tags: '[Tag]',
        externalDocs: 'ExternalDocumentation',
        ...(v31 ? { webhooks: '{PathItem|ref}', jsonSchemaDialect: 'string' } : {}),
      },
      required: v31 ? ['openapi', 'info'] : ['openapi', 'info', 'paths'],
      hints: {
        swagger: 'a document has either `swagger: "2.0"` or `openapi: 3.x`, not both',
        definitions: 'OpenAPI 3 keeps schemas under `components.schemas`',
        securityDefinitions: 'OpenAPI 3 keeps security schemes under `components.securitySchemes`',
        host: 'OpenAPI 3 describes hosts with `servers: [{url}]`',
        basePath: 'OpenAPI 3 describes base paths with `servers: [{url}]`',
        schemes: 'OpenAPI 3 describes schemes with `servers: [{url}]`',
        ...(v31 ? {} : { webhooks: 'webhooks need OpenAPI 3.1' }),
      },
    },
    Info: {
      fields: {
        title: 'string',
        description: 'string',
        termsOfService: 'string',
        contact: 'Contact',
        license: 'License',
        version: 'string',
        ...(v31 ? { summary: 'string' } : {}),
      },
      required: ['title', 'version'],
    },
    Contact: { fields: { name: 'string', url: 'string', email: 'string' } },
    License: {
      fields: { name: 'string', url: 'string', ...(v31 ? { identifier: 'string' } : {}) },
      required: ['name'],
    },
    Server: {
      fields: { url: 'string', description: 'string', variables: '{ServerVariable}' },
      required: ['url'],
    },
    ServerVariable: { fields: { enum: '[string]', default: 'string', description: 'string' } },
    Components: {
      fields: {
        schemas: v31 ? '{boolean|Schema}' : '{Schema|ref}',
        responses: '{Response|ref}',
        parameters: '{Parameter|ref}',
        examples: '{Example|ref}',
        requestBodies: '{RequestBody|ref}',
        headers: '{Header|ref}',
        securitySchemes: '{SecurityScheme|ref}',
        links: '{Link|ref}',
        callbacks: '{Callback|ref}',
        ...(v31 ? { pathItems: '{PathItem|ref}' } : {}),
      },
    },
    Paths: { patterns: [[/^\//, 'PathItem']] },
    PathItem: {
      fields: {
        $ref: 'string',
        summary: 'string',
        description: 'string',
        servers: '[Server]',
        parameters: '[Parameter|ref]',
        ...Object.fromEntries(METHODS.map((m) => [m, 'Operation'])),
      },
    },
    Operation: {
      fields: opFields,
      hints: {
        consumes: 'OpenAPI 3 lists request media types under `requestBody.content`',
        produces: 'OpenAPI 3 lists response media types under each response `content`',
        schemes: 'OpenAPI 3 describes schemes with `servers: [{url}]`',
      },
    },
    ExternalDocumentation: { fields: { description: 'string', url: 'string' }, required: ['url'] },
    Parameter: {
      fields: {
        name: 'string',
        in: '=path,query,header,cookie',
        description: 'string',
        required: 'boolean',
        deprecated: 'boolean',
        allowEmptyValue: 'boolean',
        style: 'string',
        explode: 'boolean',
        allowReserved: 'boolean',
        schema: S,
        content: '{MediaType}',
        example: 'any',
        examples: '{Example|ref}',
      },
      required: ['name', 'in'],
      variants: {
        field: 'in',
        cases: Object.fromEntries(
          Object.entries(PARAMETER_STYLES).map(([location, style]) => [location, { fields: { style } }]),
        ),
      },
      oneOfFields: ['schema', 'content'],
      hints: {
        type: 'OpenAPI 3 parameters describe their values with `schema: {type: ...}`',
        format: 'OpenAPI 3 parameters describe their values with `schema: {format: ...}`',
        items: 'OpenAPI 3 parameters describe their values with `schema: {items: ...}`',
        enum: 'OpenAPI 3 parameters describe their values with `schema: {enum: ...}`',
        default: 'OpenAPI 3 parameters describe their values with `schema: {default: ...}`',
        collectionFormat: 'OpenAPI 3 describes array serialisation with `style` and `explode`',
      },
      kindHints: {
        'in=body': "`in: body` is Swagger 2.0: OpenAPI 3 sends the body as the operation's `requestBody`",
        'in=formData':
          '`in: formData` is Swagger 2.0: OpenAPI 3 sends forms as a `requestBody` with a form media type',
      },
    },
    RequestBody: {
      fields: { description: 'string', content: '{MediaType}', required: 'boolean' },
      required: ['content'],
    },
    MediaType: {
      fields: { schema: S, example: 'any', examples: '{Example|ref}', encoding: '{Encoding}' },
    },
    Encoding: {
      fields: {
        contentType: 'string',
        headers: '{Header|ref}',
        style: '=form,spaceDelimited,pipeDelimited,deepObject',
        explode: 'boolean',
        allowReserved: 'boolean',
      },
    },
    Responses: {
      fields: { default: 'Response|ref' },
      patterns: [[/^[1-5](?:\d\d|XX)$/, 'Response|ref']],
    },
    Response: {
      fields: { description: 'string', headers: '{Header|ref}', content: '{MediaType}', links: '{Link|ref}' },
      required: ['description'],
      hints: {
        schema: 'OpenAPI 3 responses describe their bodies under `content: {<media type>: {schema}}`',
        examples: 'OpenAPI 3 responses put examples under `content: {<media type>: {examples}}`',
      },
    },
    Callback: { additional: 'PathItem|ref' },
    Example: { fields: { summary: 'string', description: 'string', value: 'any', externalValue: 'string' } },
    Link: {
      fields: {
        operationRef: 'string',
        operationId: 'string',
        parameters: '{any}',
        requestBody: 'any',
        description: 'string',
        server: 'Server',
      },
    },
    Header: {
      fields: {
        description: 'string',
        required: 'boolean',
        deprecated: 'boolean',
        allowEmptyValue: 'boolean',
        style: '=simple',
        explode: 'boolean',
        allowReserved: 'boolean',
        schema: S,
        content: '{MediaType}',
        example: 'any',
        examples: '{Example|ref}',
      },
      oneOfFields: ['schema', 'content'],
      hints: { type: 'OpenAPI 3 headers describe their values with `schema: {type: ...}`' },
    },
    Tag: {
      fields: { name: 'string', description: 'string', externalDocs: 'ExternalDocumentation' },
      required: ['name'],
    },
    Schema: v31 ? schema31() : schema30(),
    Discriminator: { fields: { propertyName: 'string', mapping: '{string}' }, required: ['propertyName'] },
    XML: {
      fields: {
        name: 'string',
        namespace: 'string',
        prefix: 'string',
        attribute: 'boolean',
        wrapped: 'boolean',
      },
    },
    SecurityScheme: {
      fields: {
        type: v31 ? '=apiKey,http,mutualTLS,oauth2,openIdConnect' : '=apiKey,http,oauth2,openIdConnect',
        description: 'string',
      },
      required: ['type'],
      variants: {
        field: 'type',
        cases: {
          apiKey: { fields: { name: 'string', in: '=query,header,cookie' }, required: ['name', 'in'] },
          http: { fields: { scheme: 'string', bearerFormat: 'string' }, required: ['scheme'] },
          oauth2: { fields: { flows: 'OAuthFlows' }, required: ['flows'] },
          openIdConnect: { fields: { openIdConnectUrl: 'string' }, required: ['openIdConnectUrl'] },
          mutualTLS: {},
        },
      },
    },
    OAuthFlows: {
      fields: {
        implicit: 'ImplicitOAuthFlow',
        password: 'PasswordOAuthFlow',
        clientCredentials: 'ClientCredentialsOAuthFlow',
        authorizationCode: 'AuthorizationCodeOAuthFlow',
      },
    },
    ImplicitOAuthFlow: flow(['authorizationUrl']),
    PasswordOAuthFlow: flow(['tokenUrl']),
    ClientCredentialsOAuthFlow: flow(['tokenUrl']),
    AuthorizationCodeOAuthFlow: flow(['authorizationUrl', 'tokenUrl']),
    SecurityRequirement: { additional: '[string]', extensions: false },
  };
}

const TYPES_30 = '=array,boolean,integer,number,object,string';
const TYPES_31 = '=array,boolean,integer,null,number,object,string';

function schema30(): TypeDef {
  return {
    fields: {
      title: 'string',
      multipleOf: 'number',
      maximum: 'number',
      exclusiveMaximum: 'boolean',
      minimum: 'number',
      exclusiveMinimum: 'boolean',
      maxLength: 'integer',
      minLength: 'integer',
      pattern: 'string',
      maxItems: 'integer',
      minItems: 'integer',
      uniqueItems: 'boolean',
      maxProperties: 'integer',
      minProperties: 'integer',
      required: '[string]',
      enum: '[any]',
      type: TYPES_30,
      allOf: '[Schema|ref]',
      oneOf: '[Schema|ref]',
      anyOf: '[Schema|ref]',
      not: 'Schema|ref',
      items: 'Schema|ref',
      properties: '{Schema|ref}',
      additionalProperties: 'boolean|Schema|ref',
      description: 'string',
      format: 'string',
      default: 'any',
      nullable: 'boolean',
      discriminator: 'Discriminator',
      readOnly: 'boolean',
      writeOnly: 'boolean',
      xml: 'XML',
      externalDocs: 'ExternalDocumentation',
      example: 'any',
      deprecated: 'boolean',
    },
    hints: {
      examples: 'a Schema Object has `example` (one value) in OpenAPI 3.0; `examples` arrived with 3.1',
      const: '`const` needs OpenAPI 3.1; in 3.0 write `enum` with one value',
      'x-nullable': '`x-nullable` is the Swagger 2.0 extension; OpenAPI 3.0 has `nullable: true`',
    },
    kindHints: {
      type: 'a list of types needs OpenAPI 3.1; in 3.0 write one type, with `nullable: true` for null',
      required:
        '`required` of a Schema lists the required property names on the object schema, not `true` on the property',
      exclusiveMinimum: 'in OpenAPI 3.0 `exclusiveMinimum` is a boolean beside `minimum`',
      exclusiveMaximum: 'in OpenAPI 3.0 `exclusiveMaximum` is a boolean beside `maximum`',
      items: 'a list of item schemas (a tuple) is not OpenAPI 3.0; use one schema, or `oneOf` inside it',
    },
  };
}

function schema31(): TypeDef {
  const S = 'boolean|Schema';
  return {
    open: true,
    fields: {
      $id: 'string',
      $schema: 'string',
      $ref: 'string',
      $anchor: 'string',
      $dynamicRef: 'string',
      $dynamicAnchor: 'string',
      $vocabulary: '{boolean}',
      $comment: 'string',
      $defs: `{${S}}`,
      definitions: `{${S}}`,
      allOf: `[${S}]`,
      anyOf: `[${S}]`,
      oneOf: `[${S}]`,
      not: S,
      if: S,
      // biome-ignore lint/suspicious/noThenProperty: `then` is a JSON Schema keyword, the object is never awaited
      then: S,
      else: S,
      dependentSchemas: `{${S}}`,
      prefixItems: `[${S}]`,
      items: S,
      contains: S,
      properties: `{${S}}`,
      patternProperties: `{${S}}`,
      additionalProperties: S,
      propertyNames: S,
      unevaluatedItems: S,
      unevaluatedProperties: S,
      type: `${TYPES_31}|[${TYPES_31}]`,
      enum: '[any]',
      const: 'any',
      multipleOf: 'number',
      maximum: 'number',
      exclusiveMaximum: 'number',
      minimum: 'number',
      exclusiveMinimum: 'number',
      maxLength: 'integer',
      minLength: 'integer',
      pattern: 'string',
      maxItems: 'integer',
      minItems: 'integer',
      uniqueItems: 'boolean',
      maxContains: 'integer',
      minContains: 'integer',
      maxProperties: 'integer',
      minProperties: 'integer',
      required: '[string]',
      dependentRequired: '{[string]}',
      title: 'string',
      description: 'string',
      default: 'any',
      deprecated: 'boolean',
      readOnly: 'boolean',
      writeOnly: 'boolean',
      examples: '[any]',
      format: 'string',
      contentEncoding: 'string',
      contentMediaType: 'string',
      contentSchema: S,
      discriminator: 'Discriminator',
      xml: 'XML',
      externalDocs: 'ExternalDocumentation',
      example: 'any',
    },
    hints: {
      nullable:
        "`nullable` was removed in OpenAPI 3.1 and is ignored there, so null is rejected: write `type: [<type>, 'null']`",
    },
    kindHints: {
      examples:
        "in OpenAPI 3.1 a Schema's `examples` is a JSON Schema list of values; named Example Objects belong in a Media Type's `examples`",
      exclusiveMinimum:
        'in OpenAPI 3.1 (JSON Schema 2020-12) `exclusiveMinimum` is the bound itself, a number',
      exclusiveMaximum:
        'in OpenAPI 3.1 (JSON Schema 2020-12) `exclusiveMaximum` is the bound itself, a number',
      required:
        '`required` of a Schema lists the required property names on the object schema, not `true` on the property',
      items: 'a list of item schemas is `prefixItems` in OpenAPI 3.1',
    },
  };
}

const trees = new Map<'3.0' | '3.1', TypeTree>();
/** Compiled on first use, once per minor version. */
export function oas3Tree(minor: '3.0' | '3.1'): TypeTree {
  let tree = trees.get(minor);
  if (!tree) {
    tree = compileTree(`OpenAPI ${minor}`, 'OpenAPI', oas3(minor));
    trees.set(minor, tree);
  }
  return tree;
}
