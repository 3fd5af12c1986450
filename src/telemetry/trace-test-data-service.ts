import { context, trace, type Attributes, type Span, type Tracer } from '@opentelemetry/api';
import type { DataChunk, GenerateRequest, GenerationMetadata } from '../gen/testdata/v1/test_data_pb.js';
import type { TestDataService } from '../service/test-data-service.js';
import { recordSpanError } from './record-span-error.js';

/**
 * The service with a `generate_data` span around every GenerateData and GenerateDataStream call: the
 * root of our spans for a request, a child of the caller's trace when the transport bound one. It
 * wraps the whole service, cache included, so a cache hit is a generate_data span with cache_hit=true
 * and no pipeline steps under it. The steps (route_request, generate_*, validate_output,
 * build_response) are started by the pipeline as children of this span.
 */
export function traceTestDataService(service: TestDataService, tracer: Tracer): TestDataService {
  return {
    generateData(message, signal) {
      return tracer.startActiveSpan(
        'generate_data',
        { attributes: requestAttributes(message, 'unary') },
        async (span) => {
          try {
            const response = await service.generateData(message, signal);
            span.setAttributes({
              request_id: response.requestId || message.requestId,
              record_count: response.recordCount,
              success: response.success,
              ...metadataAttributes(response.metadata),
            });
            if (!response.success) recordSpanError(span, new Error(response.error || 'generation failed'));
            return response;
          } catch (error) {
            recordSpanError(span, error);
            throw error;
          } finally {
            span.end();
          }
        },
      );
    },
    generateDataStream(message, signal) {
      const span = tracer.startSpan('generate_data', { attributes: requestAttributes(message, 'stream') });
      const spanContext = trace.setSpan(context.active(), span);
      const chunks = context.with(spanContext, () => service.generateDataStream(message, signal));
      return traceChunks(span, spanContext, chunks, message);
    },
    getSchemas: (message) => service.getSchemas(message),
    healthCheck: () => service.healthCheck(),
    ingestPattern: (message, signal) => service.ingestPattern(message, signal),
    ...(service.close === undefined ? {} : { close: () => service.close?.() ?? Promise.resolve() }),
  };
}

function requestAttributes(message: GenerateRequest, mode: 'unary' | 'stream'): Attributes {
  return {
    request_id: message.requestId,
    domain: message.domain,
    entity: message.entity,
    requested_count: message.count,
    mode,
    use_cache: message.useCache,
  };
}

function metadataAttributes(metadata: GenerationMetadata | undefined): Attributes {
  if (metadata === undefined) return {};
  return {
    generation_path: metadata.generationPath,
    llm_tokens_used: metadata.llmTokensUsed,
    cache_hit: metadata.cacheHit,
    ...(metadata.fallbackReason === '' ? {} : { fallback_reason: metadata.fallbackReason }),
  };
}

/**
 * Runs every next() of the stream inside the span's context (an async generator's body runs in its
 * caller's context, so the pipeline's steps would otherwise lose their parent) and ends the span when
 * the stream ends, fails or is stopped early.
 */
function traceChunks(
  span: Span,
  spanContext: ReturnType<typeof context.active>,
  chunks: AsyncIterable<DataChunk>,
  message: GenerateRequest,
): AsyncIterable<DataChunk> {
  let records = 0;
  let chunkCount = 0;
  let finalSeen = false;
  let ended = false;
  const end = (outcome: 'ok' | 'stopped') => {
    if (ended) return;
    ended = true;
    span.setAttributes({ record_count: records, chunk_count: chunkCount });
    // A consumer that stops after the final chunk has read everything: that is not a cancel.
    if (outcome === 'stopped' && !finalSeen) span.setAttribute('cancelled', true);
    span.end();
  };
  return {
    [Symbol.asyncIterator]() {
      const iterator = context.with(spanContext, () => chunks[Symbol.asyncIterator]());
      return {
        async next() {
          try {
            const step = await context.with(spanContext, () => iterator.next());
            if (step.done === true) {
              end('ok');
              return step;
            }
            const chunk = step.value;
            records += chunk.recordCount;
            chunkCount += 1;
            if (chunk.isFinal) {
              finalSeen = true;
              span.setAttributes({
                request_id: chunk.requestId || message.requestId,
                ...metadataAttributes(chunk.metadata),
              });
              if (chunk.error !== '') recordSpanError(span, new Error(chunk.error));
            }
            return step;
          } catch (error) {
            recordSpanError(span, error);
            end('ok');
            throw error;
          }
        },
        async return(value?: unknown) {
          try {
            const result = await context.with(spanContext, async () =>
              iterator.return === undefined
                ? { done: true as const, value: undefined }
                : iterator.return(value),
            );
            return result;
          } finally {
            end('stopped');
          }
        },
      };
    },
  };
}
