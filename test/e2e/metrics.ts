/** One scrape of a Prometheus text exposition. */
export interface MetricSamples {
  /** The value of one series, e.g. `name{a="1",b="2"}` (label order does not matter); 0 when absent. */
  value(series: string): number;
}

const sampleLine = /^([A-Za-z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const labelPair = /([A-Za-z_]\w*)="((?:[^"\\]|\\.)*)"/g;

/** `name{labels}` with the labels sorted by name, so two spellings of one series compare equal. */
function canonicalSeries(name: string, labels: string | undefined): string {
  const pairs = [...(labels ?? '').matchAll(labelPair)].map((match) => `${match[1]!}="${match[2]!}"`);
  return pairs.length === 0 ? name : `${name}{${pairs.sort().join(',')}}`;
}

export function parseMetrics(text: string): MetricSamples {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const match = sampleLine.exec(line);
    if (match === null) throw new Error(`not a Prometheus sample line: ${line}`);
    samples.set(canonicalSeries(match[1]!, match[2]), Number(match[3]));
  }
  return {
    value(series) {
      const match = sampleLine.exec(`${series} 0`);
      if (match === null) throw new Error(`not a series: ${series}`);
      return samples.get(canonicalSeries(match[1]!, match[2])) ?? 0;
    },
  };
}

/** GET /metrics and parse it; fails on a non-200 answer. */
export async function scrapeMetrics(httpUrl: string): Promise<MetricSamples> {
  const response = await fetch(`${httpUrl}/metrics`);
  if (response.status !== 200) throw new Error(`GET /metrics answered ${response.status}`);
  return parseMetrics(await response.text());
}
