import { context, propagation, ROOT_CONTEXT, type Context, type ContextManager } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { AsyncLocalStorage } from 'node:async_hooks';
import { createApp, type App, type AppOverrides } from '../../src/app.js';
import { createTestConfig } from '../../src/config/config.js';

/**
 * Spans kept in memory, for asserting span trees. The provider is NOT registered globally (the app
 * is given it, as main.ts gives it the SDK's); what must be process-wide for propagation to work at
 * all, the context manager and the W3C propagator, is registered once, as the SDK does in production.
 */
export interface InMemoryTracing {
  readonly provider: BasicTracerProvider;
  readonly exporter: InMemorySpanExporter;
  /** Finished spans, in the order they ended. */
  spans(): ReadableSpan[];
  reset(): void;
  shutdown(): Promise<void>;
}

export function createInMemoryTracing(): InMemoryTracing {
  registerGlobalContextPropagation();
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  return {
    provider,
    exporter,
    spans: () => exporter.getFinishedSpans(),
    reset: () => {
      exporter.reset();
    },
    shutdown: () => provider.shutdown(),
  };
}

export interface TracedTestApp {
  readonly app: App;
  readonly tracing: InMemoryTracing;
  readonly grpcTarget: string;
  readonly baseUrl: string;
}

/** Starts an app on free ports (test config, silent logs) whose spans go to an in-memory exporter. */
export async function startTracedTestApp(
  overrides: AppOverrides = {},
  env: Readonly<Record<string, string>> = {},
): Promise<TracedTestApp> {
  const tracing = createInMemoryTracing();
  const app = createApp(createTestConfig(env), { ...overrides, tracerProvider: tracing.provider });
  const { grpcPort, httpPort } = await app.start();
  return { app, tracing, grpcTarget: `127.0.0.1:${grpcPort}`, baseUrl: `http://127.0.0.1:${httpPort}` };
}

/** The span's parent span id, '' for a root (sdk-trace-base 2.x keeps it in parentSpanContext). */
export function parentIdOf(span: ReadableSpan): string {
  return span.parentSpanContext?.spanId ?? '';
}

let registered = false;

function registerGlobalContextPropagation(): void {
  if (registered) return;
  registered = true;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
}

/** What NodeSDK installs (@opentelemetry/context-async-hooks), reduced to what the API needs here. */
class AsyncLocalStorageContextManager implements ContextManager {
  private readonly storage = new AsyncLocalStorage<Context>();

  active(): Context {
    return this.storage.getStore() ?? ROOT_CONTEXT;
  }

  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    activeContext: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    return this.storage.run(activeContext, () => fn.apply(thisArg, args));
  }

  bind<T>(activeContext: Context, target: T): T {
    if (typeof target !== 'function') return target;
    const run = (...args: unknown[]): unknown =>
      this.with(activeContext, () => (target as (...inner: unknown[]) => unknown)(...args));
    return run as T;
  }

  enable(): this {
    return this;
  }

  disable(): this {
    this.storage.disable();
    return this;
  }
}
