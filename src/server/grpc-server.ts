import { Server, ServerCredentials, type ChannelOptions } from '@grpc/grpc-js';
import type { ServingStatus } from 'grpc-health-check';
import type { Config } from '../config/config.js';
import {
  file_grpc_reflection_v1_reflection,
  ServerReflection as ReflectionV1,
} from '../gen/grpc/reflection/v1/reflection_pb.js';
import {
  file_grpc_reflection_v1alpha_reflection,
  ServerReflection as ReflectionV1alpha,
} from '../gen/grpc/reflection/v1alpha/reflection_pb.js';
import { file_health_v1_health, Health } from '../gen/health/v1/health_pb.js';
import {
  file_testdata_v1_test_data,
  TestDataService as TestDataServiceDescriptor,
} from '../gen/testdata/v1/test_data_pb.js';
import type { TestDataService } from '../service/test-data-service.js';
import type { Logger } from '../telemetry/logger.js';
import { createGrpcServiceDefinition } from './grpc-adapter.js';
import { createGrpcHealth } from './grpc-health.js';
import { createGrpcServiceHandlers } from './grpc-service.js';
import { createReflection } from './reflection.js';

export interface GrpcServerOptions {
  readonly config: Pick<Config, 'grpcMaxMessageBytes' | 'requestTimeoutMs'>;
  readonly service: TestDataService;
  readonly logger: Logger;
  readonly onCallEnd?: (method: string, code: string) => void;
}

/** The gRPC port: TestDataService, grpc.health.v1.Health and server reflection (v1, v1alpha). */
export interface GrpcServer {
  /** Binds host:port (0 picks a free port), marks every service SERVING and returns the port. */
  start(host: string, port: number): Promise<number>;
  /** Health goes to status at once (NOT_SERVING when shutting down); open Watch streams see it. */
  setServingStatus(status: ServingStatus): void;
  /**
   * Stops accepting calls, lets in-flight calls finish, and forces the rest closed after
   * drainTimeoutMs. Resolves with whether everything finished in time.
   */
  stop(drainTimeoutMs: number): Promise<boolean>;
}

export function createGrpcServer(options: GrpcServerOptions): GrpcServer {
  const { config, logger } = options;
  const server = new Server(serverOptions(config));
  server.addService(
    createGrpcServiceDefinition(TestDataServiceDescriptor),
    createGrpcServiceHandlers({
      service: options.service,
      logger,
      requestTimeoutMs: config.requestTimeoutMs,
      ...(options.onCallEnd === undefined ? {} : { onCallEnd: options.onCallEnd }),
    }),
  );
  const health = createGrpcHealth();
  health.addToServer(server);
  const reflection = createReflection({
    services: [
      TestDataServiceDescriptor.typeName,
      Health.typeName,
      ReflectionV1.typeName,
      ReflectionV1alpha.typeName,
    ],
    files: [
      file_testdata_v1_test_data,
      file_health_v1_health,
      file_grpc_reflection_v1_reflection,
      file_grpc_reflection_v1alpha_reflection,
    ],
  });
  reflection.addToServer(server);

  return {
    async start(host, port) {
      const bound = await new Promise<number>((resolve, reject) => {
        server.bindAsync(
          `${formatHost(host)}:${port}`,
          ServerCredentials.createInsecure(),
          (error, actual) => {
            if (error === null) resolve(actual);
            else reject(error);
          },
        );
      });
      health.setStatus('SERVING');
      return bound;
    },
    setServingStatus(status) {
      health.setStatus(status);
    },
    async stop(drainTimeoutMs) {
      health.setStatus('NOT_SERVING');
      // Watch and reflection streams never end on their own; close them so they do not hold the drain.
      health.endWatches();
      reflection.endStreams();
      const drained = new Promise<boolean>((resolve) => {
        server.tryShutdown((error) => {
          if (error !== undefined) logger.warn({ err: error }, 'grpc graceful shutdown failed');
          resolve(error === undefined);
        });
      });
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => {
          resolve(false);
        }, drainTimeoutMs);
      });
      const inTime = await Promise.race([drained, timedOut]);
      clearTimeout(timer);
      if (!inTime) {
        logger.warn(
          { drain_timeout_ms: drainTimeoutMs },
          'grpc calls still running after the drain timeout; forcing shutdown',
        );
        server.forceShutdown();
      }
      return inTime;
    },
  };
}

function serverOptions(config: GrpcServerOptions['config']): ChannelOptions {
  return {
    'grpc.max_receive_message_length': config.grpcMaxMessageBytes,
    'grpc.max_send_message_length': config.grpcMaxMessageBytes,
    // Ping idle connections so dead peers (a vanished pod, a dropped NAT entry) are noticed.
    'grpc.keepalive_time_ms': 30_000,
    'grpc.keepalive_timeout_ms': 10_000,
    'grpc.keepalive_permit_without_calls': 1,
    // No max_connection_age: its grace period would cut long streaming downloads.
  };
}

/** IPv6 literals need brackets in a target. */
function formatHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
