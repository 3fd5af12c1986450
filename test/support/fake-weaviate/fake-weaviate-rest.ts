import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeWeaviateContext } from './fake-weaviate-context.js';
import {
  checkPropertyValue,
  modelledDataTypes,
  uuidPattern,
  type FakeClass,
  type FakeDataType,
} from './fake-weaviate-data.js';

interface Reply {
  readonly status: number;
  readonly body?: unknown;
}

/**
 * The REST half of the fake (what weaviate-client 3.12.1 calls over HTTP for our adapter): meta, readiness,
 * schema list/get/create/delete and object PATCH. Anything else is answered 500 and noted as unexpected.
 */
export function createRestHandler(context: FakeWeaviateContext) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const raw = await readBody(request);
    const url = new URL(request.url ?? '/', 'http://fake');
    const method = request.method ?? 'GET';
    let body: unknown;
    try {
      body = raw === '' ? undefined : JSON.parse(raw);
    } catch {
      body = raw;
    }
    context.record({
      transport: 'rest',
      method,
      path: url.pathname + url.search,
      body,
      authorization: request.headers.authorization,
    });
    const failure = context.failure();
    if (failure === 'hang') return; // never answered; the fake's stop() destroys the socket
    if (failure === 'rest-503') {
      send(response, { status: 503, body: { error: [{ message: 'fake: unavailable' }] } });
      return;
    }
    if (context.apiKey !== undefined && request.headers.authorization !== `Bearer ${context.apiKey}`) {
      send(response, { status: 401, body: { code: 401, message: 'anonymous access not enabled' } });
      return;
    }
    send(response, route(context, method, url.pathname, body));
  };
}

function route(context: FakeWeaviateContext, method: string, path: string, body: unknown): Reply {
  const segments = path.split('/').filter((segment) => segment !== '');
  const [version, resource, name, id] = segments;
  if (version === 'v1') {
    if (method === 'GET' && resource === 'meta' && segments.length === 2) {
      return {
        status: 200,
        body: {
          hostname: 'http://[::]:8080',
          version: context.version,
          modules: {},
          grpcMaxMessageSize: 104858000,
        },
      };
    }
    if (
      method === 'GET' &&
      resource === '.well-known' &&
      (name === 'ready' || name === 'live') &&
      segments.length === 3
    ) {
      return { status: 200 };
    }
    if (resource === 'schema') {
      if (method === 'GET' && name === undefined) {
        return { status: 200, body: { classes: [...context.classes.values()].map((cls) => cls.schema) } };
      }
      if (method === 'GET' && name !== undefined && segments.length === 3) {
        const cls = context.classes.get(name);
        return cls === undefined ? { status: 404 } : { status: 200, body: cls.schema };
      }
      if (method === 'POST' && name === undefined) return createClass(context, body);
      if (method === 'DELETE' && name !== undefined && segments.length === 3) {
        context.classes.delete(name);
        return { status: 200 };
      }
    }
    if (
      resource === 'objects' &&
      method === 'PATCH' &&
      name !== undefined &&
      id !== undefined &&
      segments.length === 4
    ) {
      return patchObject(context, name, id, body);
    }
  }
  const message = `REST ${method} ${path} is not modelled`;
  context.unexpected(message);
  return { status: 500, body: { error: [{ message: `fake weaviate: ${message}` }] } };
}

function createClass(context: FakeWeaviateContext, body: unknown): Reply {
  if (typeof body !== 'object' || body === null || typeof (body as { class?: unknown }).class !== 'string') {
    return unprocessable('class name is required');
  }
  const posted = body as {
    class: string;
    properties?: { name: string; dataType: string[] }[];
    vectorConfig?: Record<string, { vectorizer?: Record<string, { properties?: string[] }> }>;
    vectorizer?: string;
  };
  // Like Weaviate: class names start upper case whatever the caller sent.
  const className = posted.class.charAt(0).toUpperCase() + posted.class.slice(1);
  if (context.classes.has(className)) return unprocessable(`class name "${className}" already exists`);
  const properties = new Map<string, FakeDataType>();
  for (const property of posted.properties ?? []) {
    const [dataType, ...rest] = property.dataType;
    if (dataType === undefined || rest.length > 0 || !modelledDataTypes.includes(dataType)) {
      context.unexpected(
        `data type ${property.dataType.join(',')} of property ${property.name} is not modelled`,
      );
      return { status: 500, body: { error: [{ message: 'fake weaviate: data type not modelled' }] } };
    }
    properties.set(property.name, dataType as FakeDataType);
  }
  const vectorConfigs = Object.entries(posted.vectorConfig ?? {});
  const [vectorEntry, ...moreVectors] = vectorConfigs;
  const vectorizerEntries = Object.entries(vectorEntry?.[1].vectorizer ?? {});
  const [vectorizer] = vectorizerEntries;
  if (
    vectorEntry?.[0] !== 'default' ||
    moreVectors.length > 0 ||
    vectorizer === undefined ||
    vectorizerEntries.length !== 1 ||
    !['none', 'text2vec-openai'].includes(vectorizer[0]) ||
    posted.vectorizer !== undefined
  ) {
    context.unexpected(
      `vector configuration ${JSON.stringify(posted.vectorConfig ?? posted.vectorizer)} is not modelled`,
    );
    return {
      status: 500,
      body: { error: [{ message: 'fake weaviate: vector configuration not modelled' }] },
    };
  }
  const schema = {
    ...posted,
    class: className,
    properties: [...properties].map(([name, dataType]) => ({
      name,
      dataType: [dataType],
      tokenization: dataType === 'text' ? 'word' : undefined,
      indexFilterable: true,
      indexSearchable: dataType === 'text',
    })),
    invertedIndexConfig: {
      bm25: { b: 0.75, k1: 1.2 },
      cleanupIntervalSeconds: 60,
      stopwords: { preset: 'en' },
    },
    multiTenancyConfig: { enabled: false },
    replicationConfig: { factor: 1 },
  };
  const cls: FakeClass = {
    name: className,
    properties,
    vectorizer: vectorizer[0],
    sourceProperties: vectorizer[1].properties ?? [...properties.keys()],
    schema,
    objects: new Map(),
  };
  context.classes.set(className, cls);
  return { status: 200, body: schema };
}

function patchObject(context: FakeWeaviateContext, className: string, id: string, body: unknown): Reply {
  const cls = context.classes.get(className);
  if (cls === undefined) return { status: 404 };
  if (!uuidPattern.test(id)) return unprocessable(`id '${id}' is not a valid uuid`);
  const object = cls.objects.get(id);
  if (object === undefined) return { status: 404 };
  const patch = body as {
    class?: string;
    properties?: Record<string, unknown>;
    vectors?: Record<string, unknown>;
    vector?: unknown;
  };
  if (patch.vector !== undefined || Object.keys(patch.vectors ?? {}).some((name) => name !== 'default')) {
    context.unexpected(`PATCH with vector ${JSON.stringify(patch.vector ?? patch.vectors)} is not modelled`);
    return { status: 500, body: { error: [{ message: 'fake weaviate: vector patch not modelled' }] } };
  }
  const properties = patch.properties ?? {};
  for (const [name, value] of Object.entries(properties)) {
    const problem = checkPropertyValue(cls.properties.get(name), name, value);
    if (problem !== undefined) return unprocessable(problem);
  }
  Object.assign(object.properties, properties);
  const vector = patch.vectors?.default;
  if (vector !== undefined) {
    if (!Array.isArray(vector) || !vector.every((value) => typeof value === 'number')) {
      return unprocessable('vector must be an array of numbers');
    }
    object.vector = Float32Array.from(vector);
  }
  object.updatedAt = Date.now();
  return { status: 204 };
}

function unprocessable(message: string): Reply {
  return { status: 422, body: { error: [{ message }] } };
}

function send(response: ServerResponse, reply: Reply): void {
  if (reply.body === undefined) {
    response.writeHead(reply.status).end();
    return;
  }
  response.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
