import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { file_google_protobuf_api } from '@bufbuild/protobuf/wkt';
import { Server, ServerCredentials, type Client } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as v1 from '../../src/gen/grpc/reflection/v1/reflection_pb.js';
import * as v1alpha from '../../src/gen/grpc/reflection/v1alpha/reflection_pb.js';
import { createReflection } from '../../src/server/reflection.js';
import { createFakeTestDataService, type FakeTestDataService } from '../support/fake-test-data-service.js';
import { createTestClient, decodeFiles, reflect, reflectionService } from '../support/grpc-clients.js';
import { startTestApp, type StartedTestApp } from '../support/test-app.js';

const run = promisify(execFile);
const buf = new URL('../../node_modules/.bin/buf', import.meta.url).pathname;

let started: StartedTestApp;
let service: FakeTestDataService;
let client: Client;

beforeAll(async () => {
  service = createFakeTestDataService({ generate: { success: true, recordCount: 1 } });
  started = await startTestApp({ service });
  client = createTestClient(reflectionService, started.grpcTarget);
});

afterAll(async () => {
  client.close();
  await started.app.stop();
});

async function bufCurl(...args: string[]): Promise<string> {
  const { stdout } = await run(
    buf,
    ['curl', '--protocol', 'grpc', '--http2-prior-knowledge', '--timeout', '5s', ...args],
    {
      timeout: 15_000,
    },
  );
  return stdout;
}

describe.each(['grpc-v1', 'grpc-v1alpha'])('buf curl with --reflect-protocol %s', (protocol) => {
  it('lists the four RPCs and every service', async () => {
    const target = `http://${started.grpcTarget}`;
    const methods = await bufCurl('--reflect-protocol', protocol, '--list-methods', target);
    for (const method of ['GenerateData', 'GenerateDataStream', 'GetSchemas', 'HealthCheck']) {
      expect(methods).toContain(`testdata.v1.TestDataService/${method}`);
    }
    const services = (await bufCurl('--reflect-protocol', protocol, '--list-services', target))
      .trim()
      .split('\n');
    expect(services.sort()).toEqual([
      'grpc.health.v1.Health',
      'grpc.reflection.v1.ServerReflection',
      'grpc.reflection.v1alpha.ServerReflection',
      'testdata.v1.TestDataService',
    ]);
  });

  it('resolves GenerateRequest with its map fields from the reflected descriptors', async () => {
    const before = service.generateCalls.length;
    const data = JSON.stringify({
      entity: 'cart',
      count: 1,
      constraints: { fieldConstraints: { total: { min: 1 } } },
      scenarios: [{ name: 'a', count: 1, overrides: { x: '1' } }],
    });
    const out = await bufCurl(
      '--reflect-protocol',
      protocol,
      '--data',
      data,
      `http://${started.grpcTarget}/testdata.v1.TestDataService/GenerateData`,
    );
    expect(JSON.parse(out)).toMatchObject({ success: true, recordCount: 1 });
    const request = service.generateCalls[before]!.request;
    expect(request.constraints?.fieldConstraints.total?.min).toBe(1);
    expect(request.scenarios[0]?.overrides).toEqual({ x: '1' });
  });
});

describe('reflection over grpc-js', () => {
  it('answers file_containing_symbol for messages, map entries, enums, enum values, services and methods', async () => {
    for (const symbol of [
      'testdata.v1.GenerateRequest',
      'testdata.v1.Constraints.FieldConstraintsEntry',
      'testdata.v1.OutputFormat',
      'testdata.v1.OUTPUT_FORMAT_CSV',
      'testdata.v1.TestDataService',
      'testdata.v1.TestDataService.GenerateDataStream',
      'testdata.v1.TestDataService.IngestPattern',
      'testdata.v1.PatternKind',
      '.testdata.v1.DataChunk',
    ]) {
      const files = decodeFiles(
        await reflect(client, { messageRequest: { case: 'fileContainingSymbol', value: symbol } }),
      );
      expect(
        files.map((file) => file.name),
        symbol,
      ).toEqual(['testdata/v1/test_data.proto', 'google/protobuf/struct.proto']);
    }
    const health = decodeFiles(
      await reflect(client, {
        messageRequest: {
          case: 'fileContainingSymbol',
          value: 'grpc.health.v1.HealthCheckResponse.ServingStatus',
        },
      }),
    );
    expect(health[0]?.name).toBe('health/v1/health.proto');
  });

  it('answers file_by_filename', async () => {
    const files = decodeFiles(
      await reflect(client, {
        messageRequest: { case: 'fileByFilename', value: 'grpc/reflection/v1alpha/reflection.proto' },
      }),
    );
    expect(files[0]?.package).toBe('grpc.reflection.v1alpha');
  });

  it('answers unknown names with error code 5 (NOT_FOUND)', async () => {
    for (const messageRequest of [
      { case: 'fileContainingSymbol', value: 'testdata.v1.Nope' },
      { case: 'fileByFilename', value: 'nope.proto' },
      {
        case: 'fileContainingExtension',
        value: { containingType: 'testdata.v1.GenerateRequest', extensionNumber: 100 },
      },
      { case: 'allExtensionNumbersOfType', value: 'testdata.v1.Nope' },
    ] as const) {
      const response = await reflect(client, { messageRequest });
      expect(response.messageResponse.case, messageRequest.case).toBe('errorResponse');
      expect(response.messageResponse.value).toMatchObject({ errorCode: 5 });
    }
  });

  it('answers all_extension_numbers_of_type for a known message with none', async () => {
    const response = await reflect(client, {
      messageRequest: { case: 'allExtensionNumbersOfType', value: 'testdata.v1.GenerateRequest' },
    });
    expect(response.messageResponse.case).toBe('allExtensionNumbersResponse');
    expect(response.messageResponse.value).toMatchObject({
      baseTypeName: 'testdata.v1.GenerateRequest',
      extensionNumber: [],
    });
  });

  it('sends the file with all its transitive dependencies', async () => {
    // google/protobuf/api.proto imports source_context.proto and type.proto, which imports any.proto.
    const server = new Server();
    createReflection({ services: [], files: [file_google_protobuf_api] }).addToServer(server);
    const port = await new Promise<number>((resolve, reject) => {
      server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => {
        if (error === null) resolve(bound);
        else reject(error);
      });
    });
    const wktClient = createTestClient(reflectionService, `127.0.0.1:${port}`);
    try {
      const files = decodeFiles(
        await reflect(wktClient, {
          messageRequest: { case: 'fileContainingSymbol', value: 'google.protobuf.Method' },
        }),
      );
      expect(files.map((file) => file.name).sort()).toEqual([
        'google/protobuf/any.proto',
        'google/protobuf/api.proto',
        'google/protobuf/source_context.proto',
        'google/protobuf/type.proto',
      ]);
      expect(files[0]?.name).toBe('google/protobuf/api.proto');
    } finally {
      wktClient.close();
      server.forceShutdown();
    }
  });

  it('relies on v1alpha being wire-identical to v1 (same messages, fields and numbers)', () => {
    const shape = (file: typeof v1.file_grpc_reflection_v1_reflection) =>
      file.messages.map((message) => [
        message.name,
        message.fields.map((field) => [field.name, field.number, field.fieldKind]),
      ]);
    expect(shape(v1alpha.file_grpc_reflection_v1alpha_reflection)).toEqual(
      shape(v1.file_grpc_reflection_v1_reflection),
    );
  });
});
