import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { GenerationRequest, Generator, GeneratorBatch, IndexRange } from '../generator.js';
import { applyScenarioOverrides, compileScenarioOverrides, type ScenarioOverrides } from '../overrides.js';
import type { GeneratedRecord } from '../../schema/model.js';
import type { EntityGeneratorFactory } from './entity-generator.js';
import { createCartGenerator } from './entities/cart-generator.js';
import { createOrderGenerator } from './entities/order-generator.js';
import { createPaymentGenerator } from './entities/payment-generator.js';
import { createReviewGenerator } from './entities/review-generator.js';
import { createUserGenerator } from './entities/user-generator.js';
import { compileInlineGenerator } from './field-generator.js';
import { Random, splitSeed } from './random.js';
import { poolWarnings, usesPools, type PoolSource, type RequestPools } from './value-pools.js';

const entityGenerators: Readonly<Record<string, EntityGeneratorFactory>> = {
  cart: createCartGenerator,
  order: createOrderGenerator,
  payment: createPaymentGenerator,
  user: createUserGenerator,
  review: createReviewGenerator,
};

/** Produces record `index` of a request; a pure function of (request, seed, index). */
export type RecordFactory = (index: number) => GeneratedRecord;

/**
 * Compiles a request once (constraints, overrides, scenario ranges, entity or inline generator) into a
 * factory of single records. Throws InvalidArgumentError naming the field for constraints or overrides
 * the generator cannot honour.
 */
export function compileRecordFactory(request: GenerationRequest, pools?: RequestPools): RecordFactory {
  const seed = splitSeed(request.seed);
  const random = new Random(seed);
  const scenarios = compileScenarioOverrides(request.schema, request.scenarios);
  const ends: number[] = [];
  let total = 0;
  for (const scenario of request.scenarios) ends.push((total += scenario.count));
  const fallbackScenario: ScenarioOverrides = { scenario: 'default', overrides: [], inputs: undefined };
  const scenarioAt = (index: number): ScenarioOverrides => {
    let low = 0;
    let high = ends.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (index < (ends[middle] ?? 0)) high = middle;
      else low = middle + 1;
    }
    return scenarios[low] ?? fallbackScenario;
  };

  const factory = request.registered ? entityGenerators[request.schema.name] : undefined;
  if (factory !== undefined) {
    const entity = factory({
      schema: request.schema,
      constraints: request.constraints,
      seed,
      ...(pools === undefined ? {} : { pools }),
    });
    return (index) => {
      const scenario = scenarioAt(index);
      random.reseed(seed, index);
      const record = entity.generate(random, index, scenario.scenario, scenario.inputs);
      if (scenario.inputs !== undefined) applyScenarioOverrides(record, scenario);
      return record;
    };
  }
  const inline = compileInlineGenerator(request.schema);
  return (index) => {
    const scenario = scenarioAt(index);
    random.reseed(seed, index);
    const record = inline(random, index, scenario.scenario);
    if (scenario.inputs !== undefined) applyScenarioOverrides(record, scenario);
    return record;
  };
}

/**
 * The traditional path: Faker's locale data sampled by our own seeded PRNG, rule-driven and
 * deterministic. Same request + same seed → byte-identical records, and any index range on its own
 * equals the same slice of a full run.
 */
export interface TraditionalGeneratorOptions {
  /** Shared value pools for requests that ask for them (hint "pool", no seed given); see value-pools.ts. */
  readonly pools?: PoolSource;
}

export function createTraditionalGenerator(options: TraditionalGeneratorOptions = {}): Generator {
  return {
    path: 'traditional',
    generate: (request, range, batchSize, signal) =>
      generateBatches(request, range, batchSize, signal, options.pools),
  };
}

/** Longest stretch of generation between two turns of the event loop. */
const eventLoopTurnMs = 1;

async function* generateBatches(
  request: GenerationRequest,
  range: IndexRange,
  batchSize: number,
  signal: AbortSignal,
  poolSource: PoolSource | undefined,
): AsyncGenerator<GeneratorBatch> {
  const usage = poolSource === undefined ? 'no' : usesPools(request);
  const pools = usage === 'yes' ? await poolSource?.open() : undefined;
  let warnings: readonly string[] | undefined = usage === 'no' ? undefined : [poolWarnings[usage]];
  try {
    const record = compileRecordFactory(request, pools);
    const size = Math.max(1, Math.floor(batchSize));
    let yielded = performance.now();
    for (let start = range.start; start < range.end; start += size) {
      if (signal.aborted) return;
      const end = Math.min(range.end, start + size);
      const records: GeneratedRecord[] = [];
      for (let index = start; index < end; index++) records.push(record(index));
      yield warnings === undefined ? { records } : { records, warnings };
      warnings = undefined;
      // Let sockets drain and cancellations arrive, every millisecond rather than after every batch: a
      // turn of the event loop per 50 records was ~6% of the time spent on a payment.
      if (performance.now() - yielded >= eventLoopTurnMs) {
        await yieldToEventLoop();
        yielded = performance.now();
      }
    }
  } finally {
    pools?.close();
  }
}
