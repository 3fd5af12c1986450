import type { status as GrpcStatus } from '@grpc/grpc-js';
import type { ErrorCode } from './agent-error.js';

/**
 * The one mapping from our error codes to gRPC status codes. The codes are fixed by the gRPC spec, so
 * they are written as numbers: importing grpc-js for its enum cost every process (the CLI too) ~40 ms.
 * Each value is typed as grpc-js's enum member, so a wrong number does not compile (and a test checks
 * the mapping against the enum at run time).
 */
/* eslint-disable @typescript-eslint/no-unsafe-enum-assignment -- each number `satisfies` its enum member */
export const grpcStatusByCode: Readonly<Record<ErrorCode, GrpcStatus>> = {
  invalid_argument: 3 satisfies GrpcStatus.INVALID_ARGUMENT,
  not_found: 5 satisfies GrpcStatus.NOT_FOUND,
  failed_precondition: 9 satisfies GrpcStatus.FAILED_PRECONDITION,
  resource_exhausted: 8 satisfies GrpcStatus.RESOURCE_EXHAUSTED,
  unavailable: 14 satisfies GrpcStatus.UNAVAILABLE,
  deadline_exceeded: 4 satisfies GrpcStatus.DEADLINE_EXCEEDED,
  cancelled: 1 satisfies GrpcStatus.CANCELLED,
  unimplemented: 12 satisfies GrpcStatus.UNIMPLEMENTED,
  internal: 13 satisfies GrpcStatus.INTERNAL,
};
/* eslint-enable @typescript-eslint/no-unsafe-enum-assignment */

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
