import { create, toBinary } from '@bufbuild/protobuf';
import { DataChunkSchema, type DataChunk } from '../gen/testdata/v1/test_data_pb.js';
import { toBuffer } from './grpc-adapter.js';

/** Field 2 (`data`), wire type 2 (length-delimited). */
const DATA_TAG = (2 << 3) | 2;

/**
 * A DataChunk's wire bytes, the same as `toBinary(DataChunkSchema, chunk)`, written so that the
 * records text goes straight into the Buffer: no TextEncoder pass over it, no copy of the encoded
 * bytes, and the text (a string of many pieces) is garbage as soon as this returns. The stream
 * encodes each chunk when it is produced, so chunks waiting for the client's flow-control window
 * sit in the queue as bytes outside the JS heap, not as young-generation strings that every
 * collection would copy and, at the next one, promote (that was a third of a busy stream's CPU).
 */
export function encodeDataChunk(chunk: DataChunk): Buffer {
  const { data } = chunk;
  if (data === '') return toBuffer(toBinary(DataChunkSchema, chunk));
  const head = chunk.requestId === '' ? undefined : toBinary(DataChunkSchema, headOf(chunk));
  const tail = toBinary(DataChunkSchema, tailOf(chunk));
  const dataBytes = Buffer.byteLength(data, 'utf8');
  const headLength = head?.length ?? 0;
  const prefixLength = 1 + varintLength(dataBytes);
  const bytes = Buffer.allocUnsafe(headLength + prefixLength + dataBytes + tail.length);
  if (head !== undefined) bytes.set(head, 0);
  let offset = headLength;
  bytes[offset++] = DATA_TAG;
  offset = writeVarint(bytes, offset, dataBytes);
  offset += bytes.write(data, offset, dataBytes, 'utf8');
  bytes.set(tail, offset);
  return bytes;
}

function headOf(chunk: DataChunk): DataChunk {
  return create(DataChunkSchema, { requestId: chunk.requestId });
}

/** Every field after `data` (3-7); proto3 writes none of the defaults, so their bytes follow data's. */
function tailOf(chunk: DataChunk): DataChunk {
  return create(DataChunkSchema, {
    chunkIndex: chunk.chunkIndex,
    isFinal: chunk.isFinal,
    recordCount: chunk.recordCount,
    metadata: chunk.metadata,
    error: chunk.error,
  });
}

function varintLength(value: number): number {
  let length = 1;
  for (let rest = value >>> 7; rest !== 0; rest >>>= 7) length++;
  return length;
}

function writeVarint(bytes: Buffer, start: number, value: number): number {
  let offset = start;
  let rest = value;
  while (rest > 0x7f) {
    bytes[offset++] = (rest & 0x7f) | 0x80;
    rest >>>= 7;
  }
  bytes[offset++] = rest;
  return offset;
}
