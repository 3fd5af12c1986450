import type { Client } from '@grpc/grpc-js';
import { afterEach } from 'vitest';
import { TestDataService } from '../../src/gen/testdata/v1/test_data_pb.js';
import { createFakeTestDataService, type FakeServiceOptions } from './fake-test-data-service.js';
import { createTestClient } from './grpc-clients.js';
import { startTestApp, type StartedTestApp } from './test-app.js';

/**
 * Transport tests' set-up: an app on free ports over a fake TestDataService, with a gRPC client.
 * Registers an afterEach that closes every client (also extra ones passed to `track`) and stops the app.
 */
export function useFakeServiceApp() {
  let started: StartedTestApp | undefined;
  const clients: Client[] = [];

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await started?.app.stop();
    started = undefined;
  });

  return {
    setup: async (options: FakeServiceOptions, env: Record<string, string> = {}) => {
      const service = createFakeTestDataService(options);
      started = await startTestApp({ service }, env);
      const client = createTestClient(TestDataService, started.grpcTarget);
      clients.push(client);
      return { service, client, app: started.app, baseUrl: started.baseUrl, target: started.grpcTarget };
    },
    /** Closes this client after the test too. */
    track: (client: Client): void => {
      clients.push(client);
    },
  };
}
