/**
 * The Swagger (OpenAPI) 2.0 object model as a type tree (see openapi-types.ts for the notation), after the
 * specification's Fixed Fields tables (https://swagger.io/specification/v2/) and the official JSON Schema.
 *
 * Left out on purpose because another rule reports them: an operation without `responses`
 * (api/operation-success-response), `required: true` on path parameters (api/path-parameters), keys beside a
 * `$ref` (api/ref-siblings).
 */
import { compileTree, type TypeDef, type TypeTree } from './openapi-types.js';

const PRIMITIVE_TYPES = '=string,number,integer,boolean,array';

/** The validation fields shared by non-body parameters, headers and items (2.0 "primitivesItems"). */
function primitive(type: string, collectionFormat: string): Record<string, string> {
  return {
    type,
    format: 'string',
    items: 'Items',
    collectionFormat,
    default: 'any',
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
    enum: '[any]',
    multipleOf: 'number',
  };
}

const COLLECTION = '=csv,ssv,tsv,pipes';
const COLLECTION_MULTI = '=csv,ssv,tsv,pipes,multi';
const SCHEMA_TYPES = '=array,boolean,integer,null,number,object,string,file';

const SWAGGER_2: Record<string, TypeDef> = {
  Swagger: {
    fields: {
      swagger: '=2.0',
      info: 'Info',
      host: 'string',
      basePath: 'string',
      schemes: '[=http,https,ws,wss]',
      consumes: '[string]',
      produces: '[string]',
      paths: 'Paths',
      definitions: '{Schema|ref}',
      parameters: '{Parameter}',
      responses: '{Response}',
      securityDefinitions: '{SecurityScheme}',
      security: '[SecurityRequirement]',
      tags: '[Tag]',
      externalDocs: 'ExternalDocumentation',
    },
    required: ['swagger', 'info', 'paths'],
    hints: {
      openapi: 'a document has either `swagger: "2.0"` or `openapi: 3.x`, not both',
      components:
        '`components` is OpenAPI 3; Swagger 2.0 has `definitions`, `parameters`, `responses` at the root',
      servers: '`servers` is OpenAPI 3; Swagger 2.0 has `host`, `basePath` and `schemes`',
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
    },
    required: ['title', 'version'],
  },
  Contact: { fields: { name: 'string', url: 'string', email: 'string' } },
  License: { fields: { name: 'string', url: 'string' }, required: ['name'] },
  Paths: { patterns: [[/^\//, 'PathItem']] },
  PathItem: {
    fields: {
      $ref: 'string',
      get: 'Operation',
      put: 'Operation',
      post: 'Operation',
      delete: 'Operation',
      options: 'Operation',
      head: 'Operation',
      patch: 'Operation',
      parameters: '[Parameter|ref]',
    },
    hints: { trace: '`trace` operations need OpenAPI 3' },
  },
  Operation: {
    fields: {
      tags: '[string]',
      summary: 'string',
      description: 'string',
      externalDocs: 'ExternalDocumentation',
      operationId: 'string',
      consumes: '[string]',
      produces: '[string]',
      parameters: '[Parameter|ref]',
      responses: 'Responses',
      schemes: '[=http,https,ws,wss]',
      deprecated: 'boolean',
      security: '[SecurityRequirement]',
    },
    hints: {
      requestBody: '`requestBody` is OpenAPI 3; Swagger 2.0 sends the body as a parameter with `in: body`',
      servers: '`servers` is OpenAPI 3',
      callbacks: '`callbacks` is OpenAPI 3',
    },
  },
  ExternalDocumentation: { fields: { description: 'string', url: 'string' }, required: ['url'] },
  Parameter: {
    fields: {
      name: 'string',
      in: '=body,query,header,path,formData',
      description: 'string',
      required: 'boolean',
    },
    required: ['name', 'in'],
    variants: {
      field: 'in',
      cases: {
        body: { fields: { schema: 'Schema|ref' }, required: ['schema'] },
        query: {
          fields: { allowEmptyValue: 'boolean', ...primitive(PRIMITIVE_TYPES, COLLECTION_MULTI) },
          required: ['type'],
        },
        formData: {
          fields: { allowEmptyValue: 'boolean', ...primitive(`${PRIMITIVE_TYPES},file`, COLLECTION_MULTI) },
          required: ['type'],
        },
        header: { fields: primitive(PRIMITIVE_TYPES, COLLECTION), required: ['type'] },
        path: { fields: primitive(PRIMITIVE_TYPES, COLLECTION), required: ['type'] },
      },
    },
    hints: {
      example: '`example` on a parameter is OpenAPI 3; Swagger 2.0 tools read the `x-example` extension',
      nullable: '`nullable` is OpenAPI 3.0; Swagger 2.0 tools read the `x-nullable` extension',
      schema: 'only `in: body` parameters have a `schema` in Swagger 2.0; others are described by `type`',
      style: '`style` is OpenAPI 3; Swagger 2.0 has `collectionFormat`',
      explode: '`explode` is OpenAPI 3; Swagger 2.0 has `collectionFormat: multi`',
      type: 'a body parameter is described by its `schema`, not `type`',
    },
    kindHints: {
      'in=cookie': 'cookie parameters need OpenAPI 3',
    },
  },
  Items: { fields: primitive(PRIMITIVE_TYPES, COLLECTION) },
  Responses: {
    fields: { default: 'Response|ref' },
    patterns: [[/^\d{3}$/, 'Response|ref']],
  },
  Response: {
    fields: { description: 'string', schema: 'Schema|ref', headers: '{Header}', examples: '{any}' },
    required: ['description'],
    hints: { content: '`content` is OpenAPI 3; Swagger 2.0 responses have `schema` and `produces`' },
  },
  Header: {
    fields: { description: 'string', ...primitive(PRIMITIVE_TYPES, COLLECTION) },
    required: ['type'],
  },
  Tag: {
    fields: { name: 'string', description: 'string', externalDocs: 'ExternalDocumentation' },
    required: ['name'],
  },
  Schema: {
    fields: {
      format: 'string',
      title: 'string',
      description: 'string',
      default: 'any',
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
      additionalProperties: 'boolean|Schema|ref',
      // JSON Schema allows a list of types; Swagger 2.0 does not (the spec's authors: one type, and no `null`)
      type: SCHEMA_TYPES,
      items: 'Schema|ref|[Schema|ref]',
      allOf: '[Schema|ref]',
      properties: '{Schema|ref}',
      discriminator: 'string',
      readOnly: 'boolean',
      xml: 'XML',
      externalDocs: 'ExternalDocumentation',
      example: 'any',
    },
    hints: {
      nullable: '`nullable` is OpenAPI 3.0; Swagger 2.0 tools read the `x-nullable` extension',
      oneOf: '`oneOf` is not part of Swagger 2.0 schemas (it arrived with OpenAPI 3.0)',
      anyOf: '`anyOf` is not part of Swagger 2.0 schemas (it arrived with OpenAPI 3.0)',
      not: '`not` is not part of Swagger 2.0 schemas (it arrived with OpenAPI 3.0)',
      writeOnly: '`writeOnly` is OpenAPI 3.0',
      deprecated: '`deprecated` on schemas is OpenAPI 3.0',
    },
    kindHints: {
      required:
        '`required` of a Schema lists the required property names on the object schema, not `true` on the property',
      type: 'a list of types is not Swagger 2.0: write one type and mark a nullable value with `x-nullable: true`',
    },
  },
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
    fields: { type: '=basic,apiKey,oauth2', description: 'string' },
    required: ['type'],
    variants: {
      field: 'type',
      cases: {
        basic: {},
        apiKey: { fields: { name: 'string', in: '=header,query' }, required: ['name', 'in'] },
        oauth2: {
          fields: {
            flow: '=implicit,password,application,accessCode',
            authorizationUrl: 'string',
            tokenUrl: 'string',
            scopes: '{string}',
          },
          required: ['flow'],
        },
      },
    },
  },
  SecurityRequirement: { additional: '[string]', extensions: false },
};

let oas2: TypeTree | undefined;
/** Compiled on first use: a review without a Swagger 2.0 document never pays for it. */
export function oas2Tree(): TypeTree {
  oas2 ??= compileTree('Swagger 2.0', 'Swagger', SWAGGER_2);
  return oas2;
}
