import { status as GrpcStatus } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { grpcStatusByCode } from './status-codes.js';

describe('grpcStatusByCode', () => {
  it('holds the gRPC status codes of grpc-js for every error code', () => {
    expect(grpcStatusByCode).toEqual({
      invalid_argument: GrpcStatus.INVALID_ARGUMENT,
      not_found: GrpcStatus.NOT_FOUND,
      failed_precondition: GrpcStatus.FAILED_PRECONDITION,
      resource_exhausted: GrpcStatus.RESOURCE_EXHAUSTED,
      unavailable: GrpcStatus.UNAVAILABLE,
      deadline_exceeded: GrpcStatus.DEADLINE_EXCEEDED,
      cancelled: GrpcStatus.CANCELLED,
      unimplemented: GrpcStatus.UNIMPLEMENTED,
      internal: GrpcStatus.INTERNAL,
    });
  });
});
