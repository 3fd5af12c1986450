import { Metadata, status as GrpcStatus, type ServiceError, type StatusObject } from '@grpc/grpc-js';
import { AgentError, grpcStatusByCode } from '../errors/index.js';
import type { Logger } from '../telemetry/logger.js';

/** What grpc-js accepts as an error status from a handler. */
export type GrpcErrorStatus = Partial<StatusObject> & Pick<ServiceError, 'code' | 'details' | 'message'>;

/**
 * Turns anything a handler threw into a gRPC status. AgentErrors keep their safe message (and the
 * field in the trailing metadata); anything else becomes INTERNAL "internal error" and its cause is
 * logged here, never sent.
 */
export function toGrpcStatus(error: unknown, logger: Logger): GrpcErrorStatus {
  const metadata = new Metadata();
  if (error instanceof AgentError) {
    if (error.field !== undefined) metadata.set('field', error.field);
    if (error.code === 'internal') logger.error({ err: error.cause ?? error }, 'grpc call failed');
    return { code: grpcStatusByCode[error.code], details: error.message, message: error.message, metadata };
  }
  logger.error({ err: error }, 'grpc call failed');
  return { code: GrpcStatus.INTERNAL, details: 'internal error', message: 'internal error', metadata };
}
