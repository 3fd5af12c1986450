import { context, propagation, trace, type TextMapGetter } from '@opentelemetry/api';

/** Incoming headers or gRPC metadata (`metadata.getMap()`): values may be strings, arrays or buffers. */
export type TraceCarrier = Readonly<Record<string, unknown>>;

const carrierGetter: TextMapGetter<TraceCarrier> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const value = carrier[key.toLowerCase()];
    if (typeof value === 'string') return value;
    if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
    return undefined;
  },
};

/**
 * Runs fn in the caller's trace: the W3C traceparent (and baggage) of the incoming headers or gRPC
 * metadata becomes the parent of the spans fn starts. When a grpc or http instrumentation already
 * started a server span for this call, that span (which continued the caller's trace itself) stays
 * the parent. With tracing off the API's propagator is a no-op and this costs a lookup.
 */
export function withIncomingTraceContext<T>(carrier: TraceCarrier, fn: () => T): T {
  const active = context.active();
  if (trace.getSpan(active) !== undefined) return fn();
  return context.with(propagation.extract(active, carrier, carrierGetter), fn);
}
