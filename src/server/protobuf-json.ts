import { fromJson, toJson, type DescMessage, type JsonValue, type MessageShape } from '@bufbuild/protobuf';
import { InvalidArgumentError } from '../errors/index.js';

/**
 * Parses a request body in the protobuf JSON form. fromJson is strict (unknown keys, wrong types,
 * out-of-range numbers throw); every such failure becomes an InvalidArgumentError naming the field.
 * An empty body is the empty message.
 */
export function parseMessageJson<Desc extends DescMessage>(schema: Desc, body: unknown): MessageShape<Desc> {
  const text = typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : '';
  let json: JsonValue = {};
  if (text.trim() !== '') {
    try {
      json = JSON.parse(text) as JsonValue;
    } catch (error) {
      throw new InvalidArgumentError('body', `malformed JSON (${(error as Error).message})`);
    }
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new InvalidArgumentError('body', `expected a JSON object for ${schema.typeName}`);
  }
  try {
    return fromJson(schema, json);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new InvalidArgumentError(fieldOf(message), message.replace(/^cannot decode /, 'cannot read '));
  }
}

/**
 * The protobuf JSON form of a response, with implicit defaults written out (success: false,
 * recordCount: 0) so REST clients need not know proto3's omission rules. Never JSON.stringify a
 * message: it carries $typeName and bigints.
 */
export function writeMessageJson<Desc extends DescMessage>(
  schema: Desc,
  message: MessageShape<Desc>,
): JsonValue {
  return toJson(schema, message, { alwaysEmitImplicit: true });
}

/** `... key "foo" is unknown` → foo; `field testdata.v1.GenerateRequest.count ...` → count. */
function fieldOf(message: string): string {
  const unknownKey = /key "([^"]+)" is unknown/.exec(message);
  if (unknownKey?.[1] !== undefined) return unknownKey[1];
  const field = /field [\w.]*?\.([A-Za-z_]\w*) from JSON/.exec(message);
  return field?.[1] ?? 'body';
}
