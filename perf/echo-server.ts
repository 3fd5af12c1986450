/**
 * The transport baseline: a grpc-js server in its own process that answers TestDataService's two
 * generate methods by replaying the bytes the real service answered to the same request (primed by
 * the runner), with no generation, no protobuf decoding and no validation. Loading it with the same
 * calls as the service measures what grpc-js and the loopback network cost on their own; the service's
 * latency divided by it is the service's overhead.
 */
import {
  Server,
  ServerCredentials,
  status as GrpcStatus,
  type sendUnaryData,
  type ServerUnaryCall,
  type ServerWritableStream,
  type ServiceDefinition,
} from '@grpc/grpc-js';
import { once } from 'node:events';
import {
  generateDataPath,
  generateDataStreamPath,
  type EchoAnswer,
  type EchoCommand,
  type EchoReply,
} from './load-protocol.js';

const passBytes = (bytes: Buffer): Buffer => bytes;

const definition: ServiceDefinition = {
  generateData: {
    path: generateDataPath,
    requestStream: false,
    responseStream: false,
    requestSerialize: passBytes,
    requestDeserialize: passBytes,
    responseSerialize: passBytes,
    responseDeserialize: passBytes,
  },
  generateDataStream: {
    path: generateDataStreamPath,
    requestStream: false,
    responseStream: true,
    requestSerialize: passBytes,
    requestDeserialize: passBytes,
    responseSerialize: passBytes,
    responseDeserialize: passBytes,
  },
};

/** Request bytes (base64) → what to answer; unary answers are replayed in turn. */
const answers = new Map<string, { answer: EchoAnswer; next: number }>();

function lookup(request: Buffer, kind: EchoAnswer['kind']): { answer: EchoAnswer; next: number } | undefined {
  const found = answers.get(request.toString('base64'));
  return found?.answer.kind === kind ? found : undefined;
}

function generateData(call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>): void {
  const found = lookup(call.request, 'unary');
  if (found?.answer.kind !== 'unary' || found.answer.answers.length === 0) {
    callback({ code: GrpcStatus.NOT_FOUND, details: 'echo server: not primed for this request' });
    return;
  }
  const bytes = found.answer.answers[found.next % found.answer.answers.length];
  found.next += 1;
  callback(null, bytes === undefined ? Buffer.alloc(0) : Buffer.from(bytes));
}

async function generateDataStream(call: ServerWritableStream<Buffer, Buffer>): Promise<void> {
  const found = lookup(call.request, 'stream');
  if (found?.answer.kind !== 'stream') {
    call.emit('error', { code: GrpcStatus.NOT_FOUND, details: 'echo server: not primed for this request' });
    return;
  }
  const { chunk, finalChunk, chunks } = found.answer;
  const body = Buffer.from(chunk);
  // Written at the client's pace, as the service does: wait for 'drain' when the buffer is full.
  for (let sent = 1; sent < chunks && !call.cancelled; sent++) {
    if (!call.write(body)) await once(call, 'drain');
  }
  if (call.cancelled) return;
  // grpc-js's end() takes trailing metadata, not a last message.
  call.write(Buffer.from(finalChunk));
  call.end();
}

const server = new Server({ 'grpc.max_send_message_length': -1, 'grpc.max_receive_message_length': -1 });
server.addService(definition, {
  generateData,
  generateDataStream: (call: ServerWritableStream<Buffer, Buffer>) => {
    void generateDataStream(call);
  },
});

const port = await new Promise<number>((resolve, reject) => {
  server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => {
    if (error === null) resolve(bound);
    else reject(error);
  });
});
const send = (reply: EchoReply) => process.send?.(reply);
send({ type: 'ready', port });

// The runner went away without saying goodbye.
process.once('disconnect', () => process.exit());
process.on('message', (command: EchoCommand) => {
  if (command.type === 'exit') {
    server.forceShutdown();
    process.disconnect();
    return;
  }
  for (const answer of command.answers) {
    answers.set(Buffer.from(answer.request).toString('base64'), { answer, next: 0 });
  }
  send({ type: 'primed' });
});
