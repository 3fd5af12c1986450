import { context, trace, type Attributes, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { performance } from 'node:perf_hooks';
import type { GenerationPathName, GeneratorBatch } from '../generators/generator.js';
import { recordSpanError } from './record-span-error.js';

/** The pipeline steps that run interleaved per batch; each is one span over all its batches. */
export type MeasuredStep = 'validate_output' | 'build_response';

/**
 * The spans of one pass through the pipeline, all children of the span active when it starts
 * (generate_data): route_request, generate_<path> (with llm_call / rag_search under it), and
 * validate_output and build_response. Validation and formatting run once per batch, interleaved
 * with generation; rather than a span per batch, each is one span from its first to its last use,
 * with `busy_ms` saying how much of that time the step actually worked.
 */
export interface GenerationSpans {
  /** Runs one step in its own span; a throw is recorded on the span and rethrown. */
  step<T>(name: string, fn: (span: Span) => Promise<T>): Promise<T>;
  /** The generator's batches, pulled inside a generate_<path> span that ends with them. */
  generation(path: GenerationPathName, batches: AsyncIterable<GeneratorBatch>): AsyncIterable<GeneratorBatch>;
  /** Notes a fallback on the generation span. */
  fallback(reason: string): void;
  measure<T>(step: MeasuredStep, fn: () => T): T;
  /** Ends the generation span if still open and the measured steps with their attributes; call once, last. */
  finish(attributes: Readonly<Partial<Record<MeasuredStep, Attributes>>>): void;
}

const tracerName = 'test-data-agent';

/** Starts the pipeline's spans under the active context; without a tracer, the global API tracer. */
export function startGenerationSpans(tracer: Tracer | undefined): GenerationSpans {
  const spanTracer = tracer ?? trace.getTracer(tracerName);
  const parent = context.active();
  const measured = new Map<MeasuredStep, { span: Span; busyMs: number; endTime: number }>();
  const generated = { records: 0, tokens: 0, batches: 0, model: '', fallbackReasons: [] as string[] };
  let generationSpan: Span | undefined;
  let generationEnded = false;

  function endGeneration(error?: unknown): void {
    if (generationSpan === undefined || generationEnded) return;
    generationEnded = true;
    generationSpan.setAttributes({
      records_generated: generated.records,
      batch_count: generated.batches,
      llm_tokens_used: generated.tokens,
      ...(generated.model === '' ? {} : { llm_model: generated.model }),
      ...(generated.fallbackReasons.length === 0
        ? {}
        : { fallback_reason: generated.fallbackReasons.join('; ') }),
    });
    if (error !== undefined) recordSpanError(generationSpan, error);
    generationSpan.end();
  }

  function note(batch: GeneratorBatch): void {
    generated.records += batch.records.length;
    generated.tokens += batch.tokensUsed ?? 0;
    generated.batches += 1;
    if (batch.model !== undefined) generated.model = batch.model;
  }

  return {
    step(name, fn) {
      return spanTracer.startActiveSpan(name, {}, parent, async (span) => {
        try {
          return await fn(span);
        } catch (error) {
          recordSpanError(span, error);
          throw error;
        } finally {
          span.end();
        }
      });
    },

    generation(path, batches) {
      const span = spanTracer.startSpan(
        `generate_${path}`,
        { attributes: { generation_path: path } },
        parent,
      );
      generationSpan = span;
      const spanContext: Context = trace.setSpan(parent, span);
      return {
        [Symbol.asyncIterator]() {
          const iterator = context.with(spanContext, () => batches[Symbol.asyncIterator]());
          return {
            async next() {
              try {
                // The generator's body runs in the context of whoever calls next(): make that our span,
                // so the LLM calls and searches it starts become its children.
                const step = await context.with(spanContext, () => iterator.next());
                if (step.done === true) endGeneration();
                else note(step.value);
                return step;
              } catch (error) {
                endGeneration(error);
                throw error;
              }
            },
            async return() {
              try {
                return await context.with(spanContext, async () =>
                  iterator.return === undefined
                    ? { done: true as const, value: undefined }
                    : iterator.return(),
                );
              } finally {
                endGeneration();
              }
            },
          };
        },
      };
    },

    fallback(reason) {
      generated.fallbackReasons.push(reason);
      if (!generationEnded) generationSpan?.addEvent('fallback', { reason });
    },

    measure(step, fn) {
      let entry = measured.get(step);
      if (entry === undefined) {
        entry = { span: spanTracer.startSpan(step, {}, parent), busyMs: 0, endTime: 0 };
        measured.set(step, entry);
      }
      const started = performance.now();
      try {
        return fn();
      } finally {
        const ended = performance.now();
        entry.busyMs += ended - started;
        entry.endTime = performance.timeOrigin + ended;
      }
    },

    finish(attributes) {
      endGeneration();
      for (const [step, entry] of measured) {
        entry.span.setAttributes({ busy_ms: Math.round(entry.busyMs * 1000) / 1000, ...attributes[step] });
        entry.span.end(entry.endTime);
      }
      measured.clear();
    },
  };
}
