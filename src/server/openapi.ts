/**
 * The OpenAPI 3.1 description of the HTTP port, written by hand next to the routes. Bodies are the
 * protobuf JSON form of testdata.v1 messages (lowerCamelCase keys; snake_case is accepted on input;
 * int64 seeds are strings; enums are names).
 */

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ 'application/json': { schema } });
const errorResponse = (description: string) => ({ description, content: json(ref('Error')) });
const enumOf = (values: readonly string[]) => ({ type: 'string', enum: values });
const int64 = {
  type: 'string',
  pattern: '^-?\\d+$',
  description: 'int64 as a decimal string (a JSON number is accepted on input)',
};
const stringMap = (value: object) => ({ type: 'object', additionalProperties: value });

const streamedData = {
  'application/json': { schema: { type: 'string', description: 'a JSON array of records' } },
  'application/x-ndjson': { schema: { type: 'string', description: 'one JSON record per line' } },
  'text/csv': { schema: { type: 'string', description: 'CSV with a header line' } },
  'application/sql': { schema: { type: 'string', description: 'INSERT statements in the chosen dialect' } },
};

const fieldConstraint = {
  type: 'object',
  additionalProperties: false,
  properties: {
    min: { type: 'number' },
    max: { type: 'number' },
    enumValues: { type: 'array', items: { type: 'string' } },
    regex: { type: 'string' },
    minLength: { type: 'integer' },
    maxLength: { type: 'integer' },
  },
};

const fieldTypes = [
  'FIELD_TYPE_UNSPECIFIED',
  'FIELD_TYPE_STRING',
  'FIELD_TYPE_INTEGER',
  'FIELD_TYPE_FLOAT',
  'FIELD_TYPE_BOOLEAN',
  'FIELD_TYPE_DATE',
  'FIELD_TYPE_DATETIME',
  'FIELD_TYPE_EMAIL',
  'FIELD_TYPE_PHONE',
  'FIELD_TYPE_ADDRESS',
  'FIELD_TYPE_UUID',
  'FIELD_TYPE_ENUM',
  'FIELD_TYPE_OBJECT',
  'FIELD_TYPE_ARRAY',
] as const;

const schemas = {
  Error: {
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: {
          code: enumOf([
            'invalid_argument',
            'not_found',
            'failed_precondition',
            'resource_exhausted',
            'unavailable',
            'deadline_exceeded',
            'cancelled',
            'unimplemented',
            'internal',
          ]),
          message: { type: 'string' },
          field: { type: 'string', description: 'the request field the error is about' },
        },
      },
    },
  },
  Field: {
    type: 'object',
    additionalProperties: false,
    properties: {
      name: { type: 'string' },
      type: enumOf(fieldTypes),
      required: { type: 'boolean' },
      description: { type: 'string' },
      nestedFields: { type: 'array', items: ref('Field') },
      itemType: enumOf(fieldTypes),
    },
  },
  Scenario: {
    type: 'object',
    additionalProperties: false,
    properties: {
      name: { type: 'string' },
      count: { type: 'integer' },
      overrides: stringMap({ type: 'string' }),
      description: { type: 'string' },
    },
  },
  GenerateRequest: {
    type: 'object',
    additionalProperties: false,
    description: 'testdata.v1.GenerateRequest; unknown keys are rejected with 400.',
    properties: {
      requestId: { type: 'string' },
      domain: { type: 'string' },
      entity: { type: 'string', examples: ['cart', 'order', 'payment', 'user', 'review'] },
      schema: {
        type: 'object',
        additionalProperties: false,
        properties: { fields: { type: 'array', items: ref('Field') }, predefinedSchema: { type: 'string' } },
      },
      constraints: {
        type: 'object',
        additionalProperties: false,
        properties: { fieldConstraints: stringMap(fieldConstraint) },
      },
      scenarios: { type: 'array', items: ref('Scenario') },
      context: { type: 'string' },
      hints: { type: 'array', items: { type: 'string' } },
      outputFormat: enumOf([
        'OUTPUT_FORMAT_UNSPECIFIED',
        'OUTPUT_FORMAT_JSON',
        'OUTPUT_FORMAT_CSV',
        'OUTPUT_FORMAT_SQL',
        'OUTPUT_FORMAT_NDJSON',
      ]),
      count: { type: 'integer', minimum: 0 },
      useCache: { type: 'boolean' },
      learnFromHistory: { type: 'boolean' },
      defectTriggering: { type: 'boolean' },
      productionLike: { type: 'boolean' },
      seed: int64,
      path: enumOf([
        'GENERATION_PATH_UNSPECIFIED',
        'GENERATION_PATH_TRADITIONAL',
        'GENERATION_PATH_LLM',
        'GENERATION_PATH_RAG',
        'GENERATION_PATH_HYBRID',
      ]),
      sqlDialect: enumOf([
        'SQL_DIALECT_UNSPECIFIED',
        'SQL_DIALECT_POSTGRES',
        'SQL_DIALECT_MYSQL',
        'SQL_DIALECT_SQLITE',
      ]),
      chunkSize: { type: 'integer', minimum: 0 },
      sqlTable: { type: 'string' },
    },
  },
  GenerationMetadata: {
    type: 'object',
    properties: {
      generationPath: { type: 'string' },
      llmTokensUsed: { type: 'integer' },
      generationTimeMs: { type: 'number' },
      coherenceScore: { type: 'number' },
      scenarioCounts: stringMap({ type: 'integer' }),
      seed: int64,
      routeReason: { type: 'string' },
      routeConfidence: { type: 'number' },
      cacheHit: { type: 'boolean' },
      model: { type: 'string' },
      promptVersion: { type: 'string' },
      droppedRecords: { type: 'integer' },
      fallbackReason: { type: 'string' },
      warnings: { type: 'array', items: { type: 'string' } },
      generatorVersion: { type: 'string' },
      ragExamplesUsed: { type: 'integer', description: 'rag and hybrid: stored examples used' },
      ragExampleIds: { type: 'array', items: { type: 'string' }, description: 'rag and hybrid: their ids' },
    },
  },
  GenerateResponse: {
    type: 'object',
    properties: {
      requestId: { type: 'string' },
      success: { type: 'boolean' },
      data: { type: 'string', description: 'the records serialised in the requested output format' },
      recordCount: { type: 'integer' },
      metadata: ref('GenerationMetadata'),
      error: { type: 'string' },
    },
  },
  SchemaInfo: {
    type: 'object',
    properties: {
      name: { type: 'string' },
      domain: { type: 'string' },
      description: { type: 'string' },
      fields: { type: 'array', items: { type: 'string' } },
      coherenceRules: { type: 'array', items: { type: 'string' } },
    },
  },
  GetSchemasResponse: {
    type: 'object',
    properties: { schemas: { type: 'array', items: ref('SchemaInfo') } },
  },
  IngestPatternRequest: {
    type: 'object',
    required: ['kind', 'entity', 'data'],
    additionalProperties: false,
    properties: {
      requestId: { type: 'string' },
      kind: enumOf(['PATTERN_KIND_TEST_DATA', 'PATTERN_KIND_DEFECT', 'PATTERN_KIND_PRODUCTION_SAMPLE']),
      domain: { type: 'string' },
      entity: {
        type: 'string',
        description: 'a registered entity; the data is validated against its schema',
      },
      data: {
        type: 'object',
        description:
          'the record; a defect may name its trigger fields in `_trigger_fields` (dotted paths) and may break the schema there',
      },
      scenario: { type: 'string', description: 'test data patterns: the scenario the record illustrates' },
      qualityScore: { type: 'number', minimum: 0, maximum: 1, description: 'test data patterns: 0..1' },
      defectId: { type: 'string', description: "defect patterns: the tracker's id" },
      defectDescription: { type: 'string', description: 'defect patterns (required): what broke' },
      severity: enumOf(['SEVERITY_LOW', 'SEVERITY_MEDIUM', 'SEVERITY_HIGH', 'SEVERITY_CRITICAL']),
      distributionStats: { type: 'object', description: 'production samples: value distributions' },
    },
  },
  IngestPatternResponse: {
    type: 'object',
    properties: {
      requestId: { type: 'string' },
      id: { type: 'string', description: "the pattern's id, deterministic from its content" },
      created: { type: 'boolean', description: 'false when an identical pattern was already stored' },
      collection: { type: 'string' },
    },
  },
  HealthCheckResponse: {
    type: 'object',
    properties: {
      status: enumOf(['healthy', 'degraded', 'unhealthy']),
      components: stringMap({ type: 'string' }),
      version: { type: 'string' },
    },
  },
};

const requestIdHeader = {
  name: 'x-request-id',
  in: 'header',
  required: false,
  schema: { type: 'string', maxLength: 128 },
  description: 'echoed back; generated when absent',
};

const query = (name: string, schema: object, description: string) => ({
  name,
  in: 'query',
  required: false,
  schema,
  description,
});

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'test-data-agent',
    version: '1',
    description:
      'Synthetic test data over HTTP/JSON. The routes mirror the gRPC service testdata.v1.TestDataService ' +
      '(same messages, protobuf JSON form); gRPC is served on its own port with health and reflection.',
  },
  components: { schemas },
  paths: {
    '/health': {
      get: {
        summary: 'Service identity',
        responses: {
          '200': {
            description: 'always, while the process runs',
            content: json({
              type: 'object',
              properties: {
                status: { const: 'healthy' },
                service: { type: 'string' },
                version: { type: 'string' },
              },
            }),
          },
        },
      },
    },
    '/health/live': {
      get: {
        summary: 'Liveness probe',
        responses: {
          '200': {
            description: 'alive',
            content: json({ type: 'object', properties: { status: { const: 'ok' } } }),
          },
        },
      },
    },
    '/health/ready': {
      get: {
        summary: 'Readiness probe',
        responses: {
          '200': {
            description: 'the gRPC server is serving',
            content: json({ type: 'object', properties: { status: { const: 'ready' } } }),
          },
          '503': {
            description: 'starting or shutting down',
            content: json({ type: 'object', properties: { status: { const: 'not_ready' } } }),
          },
        },
      },
    },
    '/metrics': {
      get: {
        summary: 'Prometheus metrics (404 when PROMETHEUS_ENABLED=false)',
        responses: {
          '200': {
            description: 'exposition text',
            content: { 'text/plain': { schema: { type: 'string' } } },
          },
        },
      },
    },
    '/v1/generate': {
      post: {
        summary: 'GenerateData: all records in one answer (count <= MAX_SYNC_RECORDS)',
        parameters: [requestIdHeader],
        requestBody: { required: true, content: json(ref('GenerateRequest')) },
        responses: {
          '200': {
            description: 'the records and how they were made',
            content: json(ref('GenerateResponse')),
          },
          '400': errorResponse('malformed JSON, unknown field, wrong type or invalid request'),
          '500': errorResponse('internal error'),
        },
      },
    },
    '/v1/generate/stream': {
      post: {
        summary: 'GenerateDataStream: the records streamed raw, content type by outputFormat',
        parameters: [requestIdHeader],
        requestBody: { required: true, content: json(ref('GenerateRequest')) },
        responses: {
          '200': { description: 'the data, chunked at the client pace', content: streamedData },
          '400': errorResponse('invalid request'),
          '500': errorResponse('internal error'),
        },
      },
    },
    '/v1/generate/{entity}': {
      get: {
        summary:
          'Download records of an entity (a GenerateRequest built from the query), streamed as an attachment',
        parameters: [
          { name: 'entity', in: 'path', required: true, schema: { type: 'string' } },
          query('count', { type: 'integer', minimum: 0 }, 'number of records'),
          query('format', enumOf(['json', 'ndjson', 'csv', 'sql']), 'output format (default json)'),
          query('seed', { type: 'string', pattern: '^-?\\d+$' }, 'seed for reproducible output'),
          query('dialect', enumOf(['postgres', 'mysql', 'sqlite']), 'SQL dialect'),
          {
            ...query(
              'scenario',
              { type: 'array', items: { type: 'string' } },
              'NAME:COUNT[:field=value,...], repeatable',
            ),
            style: 'form',
            explode: true,
          },
          query('domain', { type: 'string' }, 'entity domain'),
          {
            ...query('hint', { type: 'array', items: { type: 'string' } }, 'generation hint, repeatable'),
            style: 'form',
            explode: true,
          },
          query('path', enumOf(['auto', 'traditional', 'llm', 'rag', 'hybrid']), 'generation path'),
          query('chunk_size', { type: 'integer', minimum: 0 }, 'records per chunk'),
          query('table', { type: 'string' }, 'SQL table name'),
          query('context', { type: 'string' }, 'free-text context for the LLM paths'),
          requestIdHeader,
        ],
        responses: {
          '200': {
            description: 'the data, with Content-Disposition: attachment',
            headers: { 'content-disposition': { schema: { type: 'string' } } },
            content: streamedData,
          },
          '400': errorResponse('bad or unknown query parameter'),
          '500': errorResponse('internal error'),
        },
      },
    },
    '/v1/schemas': {
      get: {
        summary: 'GetSchemas: the registered entity schemas',
        parameters: [query('domain', { type: 'string' }, 'only this domain'), requestIdHeader],
        responses: { '200': { description: 'the schemas', content: json(ref('GetSchemasResponse')) } },
      },
    },
    '/v1/patterns': {
      post: {
        summary:
          'IngestPattern: store a test data pattern, a defect pattern or a production sample for the rag path',
        parameters: [requestIdHeader],
        requestBody: { required: true, content: json(ref('IngestPatternRequest')) },
        responses: {
          '201': { description: 'stored', content: json(ref('IngestPatternResponse')) },
          '200': {
            description: 'an identical pattern was already stored (created: false)',
            content: json(ref('IngestPatternResponse')),
          },
          '400': errorResponse(
            'invalid pattern: unknown entity, missing data, test data or a production sample that fails the entity schema, a defect without description or severity',
          ),
          '503': errorResponse('the vector store is unavailable'),
          '500': errorResponse('internal error'),
        },
      },
    },
    '/v1/health': {
      post: {
        summary: 'HealthCheck: service and component status',
        requestBody: { required: false, content: json({ type: 'object', additionalProperties: false }) },
        responses: { '200': { description: 'status', content: json(ref('HealthCheckResponse')) } },
      },
    },
    '/docs': {
      get: {
        summary: 'This document',
        responses: { '200': { description: 'OpenAPI 3.1 JSON', content: json({ type: 'object' }) } },
      },
    },
    '/docs/openapi.json': {
      get: {
        summary: 'This document',
        responses: { '200': { description: 'OpenAPI 3.1 JSON', content: json({ type: 'object' }) } },
      },
    },
  },
} as const;
