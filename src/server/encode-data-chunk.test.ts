import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import {
  DataChunkSchema,
  GenerationMetadataSchema,
  type DataChunk,
} from '../gen/testdata/v1/test_data_pb.js';
import { encodeDataChunk } from './encode-data-chunk.js';

const line = '{"cart_id":"CRT-2026-0000001","customer":"José Ñúñez 🛒","note":"tab\\tquote\\""}\n';

const chunks: Record<string, DataChunk> = {
  'data only': create(DataChunkSchema, { data: line }),
  'empty data': create(DataChunkSchema, { requestId: 'req-1', chunkIndex: 3, recordCount: 0 }),
  'request id and flags': create(DataChunkSchema, {
    requestId: 'req-7f3a',
    data: line.repeat(3),
    chunkIndex: 12,
    recordCount: 3,
  }),
  // 300 lines are ~30 KB: a three-byte length prefix.
  'long data, final with metadata': create(DataChunkSchema, {
    requestId: 'req-2',
    data: line.repeat(300),
    chunkIndex: 2_147_483_647,
    isFinal: true,
    recordCount: 300,
    metadata: create(GenerationMetadataSchema, {
      generationPath: 'traditional',
      coherenceScore: 0.97,
      seed: 42n,
      scenarioCounts: { default: 300 },
    }),
  }),
  'error chunk': create(DataChunkSchema, { requestId: 'r', data: 'x', error: 'boom' }),
  'lone surrogate': create(DataChunkSchema, { data: 'a\ud800b' }),
};

describe('encodeDataChunk', () => {
  it.each(Object.entries(chunks))('writes the bytes toBinary writes: %s', (_name, chunk) => {
    const encoded = encodeDataChunk(chunk);
    expect(Buffer.isBuffer(encoded)).toBe(true);
    expect(encoded.equals(Buffer.from(toBinary(DataChunkSchema, chunk)))).toBe(true);
    expect(fromBinary(DataChunkSchema, encoded)).toEqual(
      fromBinary(DataChunkSchema, toBinary(DataChunkSchema, chunk)),
    );
  });

  it('covers every DataChunk field, so a new one cannot be dropped silently', () => {
    expect(DataChunkSchema.fields.map((field) => field.number)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});
