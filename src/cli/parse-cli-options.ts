import { create } from '@bufbuild/protobuf';
import {
  GenerateRequestSchema,
  type GenerateRequest,
  type Scenario,
} from '../gen/testdata/v1/test_data_pb.js';
import {
  generationPathByName,
  lookupOption,
  outputFormatByName,
  parseScenarioSpec,
  parseSeed,
  parseWholeNumber,
  sqlDialectByName,
} from '../service/request-options.js';
import type { GenerateCliOptions } from './generate-flags.js';

export type { GenerateCliOptions } from './generate-flags.js';

/** Turns `tda generate` flags into the same GenerateRequest the RPC takes. */
export function buildGenerateRequest(entity: string, options: GenerateCliOptions): GenerateRequest {
  const scenarios = options.scenario.map((text, index) => parseScenario(text, index));
  const defaultCount = scenarios.length > 0 ? 0 : 10;
  return create(GenerateRequestSchema, {
    entity,
    domain: options.domain ?? '',
    count: options.count === undefined ? defaultCount : parseWholeNumber('--count', options.count),
    outputFormat: lookupOption('--format', outputFormatByName, options.format),
    sqlDialect: lookupOption('--dialect', sqlDialectByName, options.dialect),
    sqlTable: options.table ?? '',
    path: lookupOption('--path', generationPathByName, options.path),
    scenarios,
    hints: [...options.hint],
    context: options.context ?? '',
    chunkSize: options.chunkSize === undefined ? 0 : parseWholeNumber('--chunk-size', options.chunkSize),
    ...(options.seed === undefined ? {} : { seed: parseSeed('--seed', options.seed) }),
  });
}

/** NAME:COUNT[:field=value,...] → Scenario, the error naming the flag by position. */
export function parseScenario(text: string, index = 0): Scenario {
  return parseScenarioSpec(`--scenario #${index + 1}`, text);
}
