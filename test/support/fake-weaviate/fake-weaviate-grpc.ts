/* eslint-disable @typescript-eslint/no-deprecated -- the fake must look at the deprecated vector fields too, to reject or accept what older clients send */
import {
  Metadata,
  status,
  type sendUnaryData,
  type ServerUnaryCall,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import type { FakeWeaviateContext } from './fake-weaviate-context.js';
import {
  bm25Scores,
  checkPropertyValue,
  fuseScores,
  rank,
  uuidPattern,
  vectorFromBytes,
  vectorScores,
  type FakeClass,
  type FakeObject,
} from './fake-weaviate-data.js';
import {
  AggregateReply,
  BatchObjectsReply,
  Filters_Operator,
  HealthCheckResponse_ServingStatus,
  Hybrid_FusionType,
  SearchReply,
  Vectors_VectorType,
  weaviateMethodNames,
  type AggregateRequest,
  type BatchObject,
  type BatchObjectsRequest,
  type Filters,
  type HealthCheckRequest,
  type PropertyValueMessage,
  type SearchRequest,
  type SearchResult,
  type Vectors,
} from './weaviate-codecs.js';

/** A gRPC failure with a status code, turned into the call's error. */
class GrpcFailure extends Error {
  constructor(
    readonly code: status,
    message: string,
  ) {
    super(message);
  }
}

type Handler<Request, Reply> = (request: Request) => Reply;

/**
 * The gRPC half of the fake: Health/Check, Weaviate/BatchObjects, Weaviate/Search (fetch, filters, bm25,
 * nearVector, hybrid) and Weaviate/Aggregate (count with filters). Any other method or an option the fake
 * does not model answers UNIMPLEMENTED and is noted as unexpected.
 */
export function createGrpcHandlers(context: FakeWeaviateContext): {
  weaviate: UntypedServiceImplementation;
  health: UntypedServiceImplementation;
} {
  function unary<Request, Reply>(name: string, path: string, handle: Handler<Request, Reply>) {
    return (call: ServerUnaryCall<Request, Reply>, callback: sendUnaryData<Reply>) => {
      const authorization = call.metadata.get('authorization')[0];
      context.record({
        transport: 'grpc',
        method: name,
        path,
        body: call.request,
        authorization: typeof authorization === 'string' ? authorization : undefined,
      });
      const failure = context.failure();
      if (failure === 'hang') return; // never answered; stop() shuts the server down
      if (failure === 'grpc-unavailable') {
        callback({ code: status.UNAVAILABLE, details: 'fake: unavailable', metadata: new Metadata() });
        return;
      }
      if (context.apiKey !== undefined && authorization !== `Bearer ${context.apiKey}` && name !== 'Check') {
        callback({
          code: status.UNAUTHENTICATED,
          details: 'anonymous access not enabled',
          metadata: new Metadata(),
        });
        return;
      }
      try {
        callback(null, handle(call.request));
      } catch (error) {
        const code = error instanceof GrpcFailure ? error.code : status.INTERNAL;
        const details = error instanceof Error ? error.message : String(error);
        if (code === status.UNIMPLEMENTED || code === status.INTERNAL)
          context.unexpected(`gRPC ${name}: ${details}`);
        callback({ code, details, metadata: new Metadata() });
      }
    };
  }

  const modelled: Record<string, Handler<never, unknown>> = {
    Search: (request: SearchRequest) => search(context, request),
    BatchObjects: (request: BatchObjectsRequest) => batchObjects(context, request),
    Aggregate: (request: AggregateRequest) => aggregate(context, request),
  };
  const weaviate: UntypedServiceImplementation = {};
  for (const name of weaviateMethodNames) {
    const handle =
      modelled[name] ??
      (() => {
        throw new GrpcFailure(status.UNIMPLEMENTED, `weaviate.v1.Weaviate/${name} is not modelled`);
      });
    weaviate[name] = unary(name, `/weaviate.v1.Weaviate/${name}`, handle as Handler<unknown, unknown>);
  }
  const health: UntypedServiceImplementation = {
    Check: unary('Check', '/grpc.health.v1.Health/Check', (request: HealthCheckRequest) => {
      // weaviate-client sends the method path as the service name; Weaviate answers SERVING for it.
      if (request.service !== '' && request.service !== '/grpc.health.v1.Health/Check') {
        throw new GrpcFailure(status.NOT_FOUND, `unknown service ${request.service}`);
      }
      return { status: HealthCheckResponse_ServingStatus.SERVING };
    }),
  };
  return { weaviate, health };
}

function classOf(context: FakeWeaviateContext, name: string): FakeClass {
  const cls = context.classes.get(name);
  if (cls === undefined)
    throw new GrpcFailure(status.INVALID_ARGUMENT, `could not find class ${name} in schema`);
  return cls;
}

function batchObjects(context: FakeWeaviateContext, request: BatchObjectsRequest): BatchObjectsReply {
  const errors: { index: number; error: string }[] = [];
  request.objects.forEach((object, index) => {
    const problem = storeBatchObject(context, object);
    if (problem !== undefined) errors.push({ index, error: problem });
  });
  return BatchObjectsReply.fromPartial({ took: 0.001, errors });
}

function storeBatchObject(context: FakeWeaviateContext, object: BatchObject): string | undefined {
  const cls = context.classes.get(object.collection);
  if (cls === undefined) return `class ${object.collection} does not exist`;
  if (!uuidPattern.test(object.uuid)) return `invalid uuid '${object.uuid}'`;
  if (object.tenant !== '') throw new GrpcFailure(status.UNIMPLEMENTED, 'tenants are not modelled');
  const properties = object.properties;
  const { nonRefProperties, ...others } = properties ?? { nonRefProperties: undefined };
  const unmodelled = Object.entries(others).filter(([, list]) => Array.isArray(list) && list.length > 0);
  if (unmodelled.length > 0) {
    throw new GrpcFailure(
      status.UNIMPLEMENTED,
      `batch properties ${unmodelled.map(([key]) => key).join(', ')} are not modelled`,
    );
  }
  const values = (nonRefProperties ?? {}) as Record<string, unknown>;
  for (const [name, value] of Object.entries(values)) {
    const problem = checkPropertyValue(cls.properties.get(name), name, value);
    if (problem !== undefined) return problem;
  }
  const vector = batchVector(context, cls, object, values);
  const now = Date.now();
  const existing = cls.objects.get(object.uuid);
  cls.objects.set(object.uuid, {
    id: object.uuid,
    properties: { ...(values as Record<string, string | number>) },
    vector,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  });
  return undefined;
}

function batchVector(
  context: FakeWeaviateContext,
  cls: FakeClass,
  object: BatchObject,
  values: Record<string, unknown>,
): Float32Array | undefined {
  if (object.vector.length > 0)
    throw new GrpcFailure(status.UNIMPLEMENTED, 'float vector field is not modelled');
  const named = singleVector(object.vectors, 'batch object');
  if (named !== undefined && object.vectorBytes.length > 0) {
    throw new GrpcFailure(status.UNIMPLEMENTED, 'both vectorBytes and vectors is not modelled');
  }
  const bytes = named ?? (object.vectorBytes.length > 0 ? object.vectorBytes : undefined);
  if (bytes !== undefined) return vectorFromBytes(bytes);
  if (cls.vectorizer === 'none') return undefined;
  return vectorizeWithModule(
    context,
    cls.sourceProperties
      .map((name) => values[name])
      .filter((value) => value !== undefined)
      .map((value) => String(value as string | number))
      .join('\n'),
  );
}

function vectorizeWithModule(context: FakeWeaviateContext, text: string): Float32Array {
  if (context.vectorize === undefined) {
    throw new GrpcFailure(
      status.UNIMPLEMENTED,
      'server-side vectorization (text2vec-openai) is not modelled without a vectorize option',
    );
  }
  return context.vectorize(text);
}

/** The one 'default' single vector of a Vectors list, as bytes; anything richer is not modelled. */
function singleVector(vectors: readonly Vectors[], where: string): Uint8Array | undefined {
  if (vectors.length === 0) return undefined;
  const [vector, ...more] = vectors;
  if (
    vector === undefined ||
    more.length > 0 ||
    !['', 'default'].includes(vector.name) ||
    ![Vectors_VectorType.VECTOR_TYPE_UNSPECIFIED, Vectors_VectorType.VECTOR_TYPE_SINGLE_FP32].includes(
      vector.type,
    )
  ) {
    throw new GrpcFailure(status.UNIMPLEMENTED, `${where}: only one single 'default' vector is modelled`);
  }
  return vector.vectorBytes;
}

function search(context: FakeWeaviateContext, request: SearchRequest): SearchReply {
  const cls = classOf(context, request.collection);
  rejectUnmodelledSearch(request);
  const candidates = [...cls.objects.values()].filter((object) => matches(object, request.filters));
  const limit = request.limit > 0 ? request.limit : 10;
  let ranked: [string, number][];
  if (request.hybridSearch !== undefined) {
    const hybrid = request.hybridSearch;
    if (
      hybrid.properties.length > 0 ||
      hybrid.vector.length > 0 ||
      hybrid.targetVectors.length > 0 ||
      hybrid.targets !== undefined ||
      hybrid.nearText !== undefined ||
      hybrid.nearVector !== undefined ||
      hybrid.vectorDistance !== undefined ||
      hybrid.bm25SearchOperator !== undefined ||
      ![Hybrid_FusionType.FUSION_TYPE_UNSPECIFIED, Hybrid_FusionType.FUSION_TYPE_RELATIVE_SCORE].includes(
        hybrid.fusionType,
      )
    ) {
      throw new GrpcFailure(
        status.UNIMPLEMENTED,
        `hybrid options are not modelled: ${JSON.stringify(hybrid)}`,
      );
    }
    const bytes =
      singleVector(hybrid.vectors, 'hybrid') ??
      (hybrid.vectorBytes.length > 0 ? hybrid.vectorBytes : undefined);
    const vector = bytes === undefined ? vectorizeWithModule(context, hybrid.query) : vectorFromBytes(bytes);
    ranked = rank(
      fuseScores(bm25Scores(cls, candidates, hybrid.query), vectorScores(candidates, vector), hybrid.alpha),
    );
  } else if (request.bm25Search !== undefined) {
    if (request.bm25Search.properties.length > 0 || request.bm25Search.searchOperator !== undefined) {
      throw new GrpcFailure(status.UNIMPLEMENTED, 'bm25 properties/operator are not modelled');
    }
    ranked = rank(bm25Scores(cls, candidates, request.bm25Search.query));
  } else if (request.nearVector !== undefined) {
    const near = request.nearVector;
    if (
      near.certainty !== undefined ||
      near.distance !== undefined ||
      near.targets !== undefined ||
      near.vector.length > 0
    ) {
      throw new GrpcFailure(status.UNIMPLEMENTED, 'nearVector options are not modelled');
    }
    const bytes = singleVector(near.vectors, 'nearVector') ?? near.vectorBytes;
    ranked = rank(vectorScores(candidates, vectorFromBytes(bytes)));
  } else {
    ranked = [...candidates].sort((a, b) => a.id.localeCompare(b.id)).map((object) => [object.id, 0]);
  }
  const results = ranked
    .slice(0, limit)
    .map(([id, score]) => toResult(cls, request, cls.objects.get(id), score));
  return SearchReply.fromPartial({ took: 0.001, results });
}

function rejectUnmodelledSearch(request: SearchRequest): void {
  const unmodelled = [
    request.tenant !== '' && 'tenant',
    request.groupBy !== undefined && 'groupBy',
    request.offset !== 0 && 'offset',
    request.autocut !== 0 && 'autocut',
    request.after !== '' && 'after',
    request.sortBy.length > 0 && 'sortBy',
    request.nearObject !== undefined && 'nearObject',
    request.nearText !== undefined && 'nearText',
    request.nearImage !== undefined && 'nearImage',
    request.generative !== undefined && 'generative',
    request.rerank !== undefined && 'rerank',
    request.properties !== undefined &&
      !request.properties.returnAllNonrefProperties &&
      'properties selection',
    request.metadata?.vector === true && 'metadata.vector',
    (request.metadata?.vectors.length ?? 0) > 0 && 'metadata.vectors',
  ].filter((option) => option !== false);
  if (unmodelled.length > 0)
    throw new GrpcFailure(status.UNIMPLEMENTED, `search options not modelled: ${unmodelled.join(', ')}`);
}

function toResult(
  cls: FakeClass,
  request: SearchRequest,
  object: FakeObject | undefined,
  score: number,
): SearchResult {
  if (object === undefined) throw new Error('ranked an object that is not stored');
  const metadata = request.metadata;
  const fields: Record<string, PropertyValueMessage> = {};
  for (const [name, value] of Object.entries(object.properties)) fields[name] = typedValue(cls, name, value);
  return {
    properties: {
      nonRefProps: { fields },
      refProps: [],
      refPropsRequested: false,
      targetCollection: cls.name,
      metadata: undefined,
    },
    metadata: {
      id: object.id,
      vector: [],
      creationTimeUnix: object.createdAt,
      creationTimeUnixPresent: metadata?.creationTimeUnix ?? false,
      lastUpdateTimeUnix: object.updatedAt,
      lastUpdateTimeUnixPresent: metadata?.lastUpdateTimeUnix ?? false,
      distance: 0,
      distancePresent: false,
      certainty: 0,
      certaintyPresent: false,
      score,
      scorePresent: metadata?.score ?? false,
      explainScore: '',
      explainScorePresent: false,
      isConsistent: metadata?.isConsistent === true ? true : undefined,
      generative: '',
      generativePresent: false,
      isConsistentPresent: metadata?.isConsistent ?? false,
      vectorBytes: new Uint8Array(),
      idAsBytes: new Uint8Array(),
      rerankScore: 0,
      rerankScorePresent: false,
      vectors: [],
    },
  };
}

/** Search replies carry typed values (the client turns dateValue into a Date, intValue into a number). */
function typedValue(cls: FakeClass, name: string, value: string | number): PropertyValueMessage {
  switch (cls.properties.get(name)) {
    case 'text':
      return { textValue: String(value) };
    case 'number':
      return { numberValue: Number(value) };
    case 'int':
      return { intValue: Number(value) };
    case 'date':
      return { dateValue: new Date(String(value)).toISOString() };
    case undefined:
      throw new Error(`stored property ${name} is not in the schema`);
  }
}

function matches(object: FakeObject, filters: Filters | undefined): boolean {
  if (filters === undefined) return true;
  switch (filters.operator) {
    case Filters_Operator.OPERATOR_AND:
      return filters.filters.every((filter) => matches(object, filter));
    case Filters_Operator.OPERATOR_EQUAL: {
      const property = filters.target?.property ?? (filters.on.length === 1 ? filters.on[0] : undefined);
      if (property === undefined || filters.valueText === undefined) {
        throw new GrpcFailure(
          status.UNIMPLEMENTED,
          `only text equality filters are modelled: ${JSON.stringify(filters)}`,
        );
      }
      if (property === '_id') return object.id === filters.valueText;
      return object.properties[property] === filters.valueText;
    }
    case Filters_Operator.OPERATOR_UNSPECIFIED:
    case Filters_Operator.OPERATOR_NOT_EQUAL:
    case Filters_Operator.OPERATOR_GREATER_THAN:
    case Filters_Operator.OPERATOR_GREATER_THAN_EQUAL:
    case Filters_Operator.OPERATOR_LESS_THAN:
    case Filters_Operator.OPERATOR_LESS_THAN_EQUAL:
    case Filters_Operator.OPERATOR_OR:
    case Filters_Operator.OPERATOR_WITHIN_GEO_RANGE:
    case Filters_Operator.OPERATOR_LIKE:
    case Filters_Operator.OPERATOR_IS_NULL:
    case Filters_Operator.OPERATOR_CONTAINS_ANY:
    case Filters_Operator.OPERATOR_CONTAINS_ALL:
    case Filters_Operator.OPERATOR_CONTAINS_NONE:
    case Filters_Operator.OPERATOR_NOT:
    case Filters_Operator.UNRECOGNIZED:
      throw new GrpcFailure(status.UNIMPLEMENTED, `filter operator ${filters.operator} is not modelled`);
  }
}

function aggregate(context: FakeWeaviateContext, request: AggregateRequest): AggregateReply {
  const cls = classOf(context, request.collection);
  const unmodelled =
    request.tenant !== '' ||
    !request.objectsCount ||
    request.aggregations.length > 0 ||
    request.groupBy !== undefined ||
    request.objectLimit !== undefined ||
    request.hybrid !== undefined ||
    request.nearVector !== undefined ||
    request.nearText !== undefined ||
    request.nearObject !== undefined;
  if (unmodelled)
    throw new GrpcFailure(status.UNIMPLEMENTED, `aggregate options not modelled: ${JSON.stringify(request)}`);
  const count = [...cls.objects.values()].filter((object) => matches(object, request.filters)).length;
  return AggregateReply.fromPartial({ took: 0.001, singleResult: { objectsCount: count } });
}
