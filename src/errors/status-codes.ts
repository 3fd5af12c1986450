import { status as GrpcStatus } from '@grpc/grpc-js';
import type { ErrorCode } from './agent-error.js';

/** The one mapping from our error codes to gRPC status codes. */
export const grpcStatusByCode: Readonly<Record<ErrorCode, GrpcStatus>> = {
  invalid_argument: GrpcStatus.INVALID_ARGUMENT,
  not_found: GrpcStatus.NOT_FOUND,
  failed_precondition: GrpcStatus.FAILED_PRECONDITION,
  resource_exhausted: GrpcStatus.RESOURCE_EXHAUSTED,
  unavailable: GrpcStatus.UNAVAILABLE,
  deadline_exceeded: GrpcStatus.DEADLINE_EXCEEDED,
  cancelled: GrpcStatus.CANCELLED,
  unimplemented: GrpcStatus.UNIMPLEMENTED,
  internal: GrpcStatus.INTERNAL,
};

/** The same mapping for the HTTP routes. */
export const httpStatusByCode: Readonly<Record<ErrorCode, number>> = {
  invalid_argument: 400,
  not_found: 404,
  failed_precondition: 412,
  resource_exhausted: 429,
  unavailable: 503,
  deadline_exceeded: 504,
  cancelled: 499,
  unimplemented: 501,
  internal: 500,
};
