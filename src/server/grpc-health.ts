import type { Server, ServerWritableStream, UntypedHandleCall } from '@grpc/grpc-js';
import { HealthImplementation, type ServingStatus } from 'grpc-health-check';
import { TestDataService as TestDataServiceDescriptor } from '../gen/testdata/v1/test_data_pb.js';

/** The standard grpc.health.v1.Health service, with the statuses this server reports. */
export interface GrpcHealth {
  /** Sets "" (the whole server) and testdata.v1.TestDataService to one status. */
  setStatus(status: ServingStatus): void;
  /** Ends open Watch streams (after they were sent the last status) so shutdown need not wait on them. */
  endWatches(): void;
  addToServer(server: Server): void;
}

export const healthServiceNames = ['', TestDataServiceDescriptor.typeName] as const;

/** Health via grpc-health-check's HealthImplementation (Check, Watch, List); NOT_SERVING until started. */
export function createGrpcHealth(): GrpcHealth {
  const implementation = new HealthImplementation(
    Object.fromEntries(healthServiceNames.map((name) => [name, 'NOT_SERVING' as const])),
  );
  const watches = new Set<ServerWritableStream<unknown, unknown>>();
  return {
    setStatus(status) {
      for (const name of healthServiceNames) implementation.setStatus(name, status);
    },
    endWatches() {
      for (const call of watches) call.end();
      watches.clear();
    },
    addToServer(server) {
      // Wrap Watch to know the open streams; the package keeps them private and never ends them.
      implementation.addToServer({
        addService(definition, handlers) {
          const watch = handlers.watch as (call: ServerWritableStream<unknown, unknown>) => void;
          const trackedWatch = (call: ServerWritableStream<unknown, unknown>) => {
            watches.add(call);
            call.on('cancelled', () => watches.delete(call));
            watch(call);
          };
          server.addService(definition, {
            ...handlers,
            watch: trackedWatch as UntypedHandleCall,
          });
        },
      });
    },
  };
}
