import { Command, Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { generateFlags, optionName, readGenerateArgs } from './generate-flags.js';
import { toCommanderOption } from './run-cli.js';

/** What commander hands the generate action for argv, or the error it stops with. */
function commanderRead(argv: readonly string[]): { entity: string; options: unknown } | 'error' {
  let read: { entity: string; options: unknown } | undefined;
  const program = new Command('tda')
    .exitOverride()
    .configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
  const generate = program.command('generate').argument('<entity>');
  for (const flag of generateFlags) generate.addOption(toCommanderOption(flag));
  generate.action((entity: string, options: unknown) => {
    read = { entity, options };
  });
  try {
    program.parse([...argv], { from: 'user' });
  } catch {
    return 'error';
  }
  return read ?? 'error';
}

const plainCommandLines = [
  ['generate', 'cart'],
  ['generate', 'cart', '--count', '1000000', '--format', 'ndjson'],
  ['generate', '--count=5', 'order', '-f', 'csv', '-q'],
  ['generate', 'payment', '-n', '4', '-f', 'sql', '--dialect', 'mysql', '--table', 'pay', '-o', '/tmp/x.sql'],
  ['generate', 'user', '--scenario', 'gold:2:loyalty_tier=gold', '--scenario', 'new:1', '--hint', 'fast'],
  ['generate', 'review', '-s', '77', '--chunk-size', '7', '--path', 'traditional', '--domain', 'ecommerce'],
  ['generate', 'cart', '--context', 'holiday shoppers', '--seed=12', '--hint=realistic', '--hint', 'pool'],
  ['generate', 'cart', '--count', 'ten'],
  ['generate', 'invoice', '--seed', ''],
  ['generate', 'cart', '--seed=-5', '--count=-1'],
];

describe('readGenerateArgs', () => {
  it('reads plain command lines exactly as commander does', () => {
    for (const argv of plainCommandLines) {
      const ours = readGenerateArgs(argv);
      expect(ours, argv.join(' ')).toBeDefined();
      expect(ours, argv.join(' ')).toEqual(commanderRead(argv));
    }
  });

  it('leaves everything else to commander', () => {
    const others = [
      ['schemas'],
      ['serve'],
      ['generate'],
      ['generate', 'cart', 'order'],
      ['generate', 'cart', '--help'],
      ['generate', 'cart', '-h'],
      ['generate', 'cart', '-qn', '5'],
      ['generate', 'cart', '-n5'],
      ['generate', 'cart', '-n=5'],
      ['generate', 'cart', '--count', '-5'],
      ['generate', 'cart', '--count'],
      ['generate', 'cart', '--count', '1', '--count', '2'],
      ['generate', 'cart', '--format', 'xml'],
      ['generate', 'cart', '--format', 'JSON'],
      ['generate', 'cart', '--quiet=yes'],
      ['generate', 'cart', '--verbose'],
      ['generate', '--', 'cart'],
      ['generate', 'cart', '-'],
    ];
    for (const argv of others) expect(readGenerateArgs(argv), argv.join(' ')).toBeUndefined();
  });

  it('names options as commander does', () => {
    for (const flag of generateFlags) {
      const syntax = flag.value === undefined ? `--${flag.long}` : `--${flag.long} <${flag.value}>`;
      expect(optionName(flag)).toBe(new Option(syntax).attributeName());
    }
  });
});
