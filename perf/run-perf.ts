/**
 * The performance suite's runner: starts the fake LLM (here), the service (`dist/main.js`, its own
 * process, embedded defaults), the echo server and the load generator (their own processes), runs
 * every scenario against the service and then, with the same load, against the echo server, and
 * returns the report. The runner itself only coordinates and reads /proc.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeAnthropicServer } from '../test/support/fake-anthropic-server.js';
import { delayedRecordsReply } from '../test/support/delayed-records-reply.js';
import {
  servedEntryArgs,
  serviceNodeFlags,
  spawnServedProcess,
  type ServedProcess,
} from '../test/support/served-process.js';
import { forkWorker, type ChildWorker } from './child-process.js';
import type {
  EchoCommand,
  EchoReply,
  LoadGeneratorCommand,
  LoadGeneratorReply,
  LoadJob,
  LoadResult,
  RequestShape,
} from './load-protocol.js';
import type { PerfOptions } from './options.js';
import { peakRssBytes, rssBytes, startUsageWindow, type ProcessUsage } from './process-stats.js';
import {
  leakShapes,
  perfEntity,
  scenarioPlans,
  type ScenarioPlan,
  type ScenarioTarget,
} from './scenarios.js';
import { combineMeasurements, median, type Measurement } from './statistics.js';

export interface ScenarioResult {
  readonly id: ScenarioPlan['id'];
  readonly title: string;
  readonly load: {
    readonly mode: 'closed loop';
    readonly concurrency: number;
    /** Calls per round, or undefined when rounds are timed. */
    readonly callsPerRound: number | undefined;
    readonly secondsPerRound: number | undefined;
    readonly rounds: number;
    readonly recordsPerCall: number;
  };
  readonly service: Measurement;
  /** Undefined when the service gave no good answer to replay. */
  readonly echo: Measurement | undefined;
  /** Service p99 / echo p99 (whole calls), and the same for first chunks of streams. */
  readonly ratio: { readonly p99: number | undefined; readonly firstChunkP99: number | undefined };
  /** Per round: the service's and the echo server's p99 and their ratio. */
  readonly rounds: readonly {
    readonly serviceP99: number;
    readonly echoP99: number | undefined;
    readonly ratio: number | undefined;
  }[];
  /** The median of the rounds' ratios: steadier than the pooled one on a busy machine. */
  readonly medianRoundRatio: number | undefined;
  readonly ratioGoal: { readonly limit: number; readonly pass: boolean } | undefined;
  readonly serviceProcess: ProcessUsage;
  readonly echoProcess: ProcessUsage | undefined;
  /** The load generator's CPU while it loaded each target (100% = one core: it set the pace). */
  readonly loadGeneratorCpuPercent: { readonly service: number; readonly echo: number | undefined };
  readonly target: ScenarioTarget & { readonly value: number; readonly pass: boolean };
  /** Target met, no errors, every call on its expected path. */
  readonly pass: boolean;
}

export interface LeakResult {
  readonly calls: number;
  readonly errors: number;
  readonly wrongPath: number;
  readonly rssBeforeBytes: number;
  readonly rssMiddleBytes: number;
  readonly rssAfterBytes: number;
  readonly heapUsedBeforeBytes: number | undefined;
  readonly heapUsedAfterBytes: number | undefined;
  readonly growthBytes: number;
  readonly growthPerCallBytes: number;
  readonly verdict: 'no leak detected' | 'leak suspected';
  readonly rule: string;
  readonly pass: boolean;
}

export interface MachineInfo {
  readonly cores: number;
  readonly cpuModel: string;
  readonly memoryBytes: number;
  readonly os: string;
  readonly node: string;
  readonly loadAverageAtStart: readonly number[];
  readonly loadAverageAtEnd: readonly number[];
}

export interface PerfReport {
  readonly generatedAt: string;
  readonly durationSeconds: number;
  readonly note: string;
  readonly machine: MachineInfo;
  readonly options: PerfOptions;
  readonly entity: string;
  /** How the service was started, e.g. `node --max-semi-space-size=32 dist/main.js`. */
  readonly serviceCommand: string;
  readonly fakeLlm: { readonly latencyMs: number; readonly calls: number; readonly unexpected: number };
  readonly scenarios: readonly ScenarioResult[];
  readonly leak: LeakResult | undefined;
  readonly serviceProcess: {
    readonly rssAfterStartBytes: number;
    readonly peakRssBytes: number;
    readonly cpuSeconds: number;
  };
  /** Calls that failed or took the wrong path, over everything measured. */
  readonly problems: number;
  /** Every scenario and the leak check passed. */
  readonly pass: boolean;
}

const unaryDeadlineMs = 60_000;
/** Unary answers kept per shape for the echo server to replay (their sizes vary with the records). */
const keptAnswers = 64;
/** Leak check: RSS may grow by this much over the whole run before it counts as a leak... */
const leakAllowanceBytes = 32 * 1024 * 1024;
/** ...and only if it still grew by this much in the second half. */
const leakSecondHalfBytes = 8 * 1024 * 1024;

const perfDirectory = fileURLToPath(new URL('.', import.meta.url));

type Log = (line: string) => void;

interface Running {
  readonly served: ServedProcess;
  readonly servicePid: number;
  readonly serviceTarget: string;
  readonly echo: ChildWorker<EchoCommand, EchoReply>;
  readonly echoTarget: string;
  readonly loader: ChildWorker<LoadGeneratorCommand, LoadGeneratorReply>;
  readonly log: Log;
}

async function runJob(running: Running, job: LoadJob): Promise<LoadResult> {
  const reply = await running.loader.ask({ type: 'run', job });
  return reply.result;
}

function job(
  target: string,
  shapes: readonly RequestShape[],
  concurrency: number,
  calls: number,
  options: { readonly keepAnswers?: number; readonly seconds?: number | undefined } = {},
): LoadJob {
  return {
    target,
    shapes,
    concurrency,
    calls,
    durationMs: options.seconds === undefined ? undefined : options.seconds * 1000,
    keepAnswers: options.keepAnswers ?? 0,
    deadlineMs: unaryDeadlineMs,
  };
}

interface MeasuredRound {
  readonly result: LoadResult;
  /** The loaded server's CPU and memory. */
  readonly usage: ProcessUsage;
  /** The load generator's: near 100% means the client, not the server, set the pace. */
  readonly loaderUsage: ProcessUsage;
}

async function measure(running: Running, pid: number, load: LoadJob): Promise<MeasuredRound> {
  const window = startUsageWindow(pid);
  const loaderWindow = startUsageWindow(running.loader.child.pid ?? 0);
  const result = await runJob(running, load);
  return { result, usage: window.end(), loaderUsage: loaderWindow.end() };
}

function combineUsage(usages: readonly ProcessUsage[], seconds: number): ProcessUsage {
  const cpu = usages.reduce((sum, usage) => sum + usage.cpuSeconds, 0);
  return {
    cpuSeconds: cpu,
    cpuPercent: seconds > 0 ? (cpu / seconds) * 100 : 0,
    peakRssBytes: Math.max(0, ...usages.map((usage) => usage.peakRssBytes)),
  };
}

function targetValue(target: ScenarioTarget, service: Measurement, usage: ProcessUsage): number {
  switch (target.metric) {
    case 'p99':
      return service.latencyMs.p99;
    case 'first-chunk-p99':
      return service.firstChunkMs?.p99 ?? Number.POSITIVE_INFINITY;
    case 'peak-rss':
      return usage.peakRssBytes / 1024 / 1024;
  }
}

const ratioOf = (service: number | undefined, echo: number | undefined) =>
  service === undefined || echo === undefined || echo <= 0 ? undefined : service / echo;

async function runScenario(running: Running, plan: ScenarioPlan): Promise<ScenarioResult> {
  const { log } = running;
  const { concurrency, calls, rounds, seconds } = plan.size;
  log(`${plan.title}: warming up (${plan.warmupCalls} calls)`);
  if (plan.warmupCalls > 0) {
    await runJob(running, job(running.serviceTarget, plan.warmupShapes, concurrency, plan.warmupCalls));
  }
  const serviceRounds: MeasuredRound[] = [];
  const echoRounds: MeasuredRound[] = [];
  let primed = false;
  for (let round = 0; round < rounds; round++) {
    const serviceRound = await measure(
      running,
      running.servicePid,
      job(running.serviceTarget, plan.shapes, concurrency, calls, {
        keepAnswers: round === 0 ? keptAnswers : 0,
        seconds,
      }),
    );
    serviceRounds.push(serviceRound);
    if (round === 0 && serviceRound.result.answers.length > 0) {
      await running.echo.ask({ type: 'prime', answers: serviceRound.result.answers });
      primed = true;
      const warmup = Math.min(plan.warmupCalls, calls);
      if (warmup > 0) await runJob(running, job(running.echoTarget, plan.shapes, concurrency, warmup));
    }
    if (primed) {
      const echoPid = running.echo.child.pid ?? 0;
      echoRounds.push(
        await measure(
          running,
          echoPid,
          job(running.echoTarget, plan.shapes, concurrency, calls, { seconds }),
        ),
      );
    }
    const service = combineMeasurements([serviceRound.result]);
    const echoRound = echoRounds.at(-1);
    const echo = echoRound === undefined ? undefined : combineMeasurements([echoRound.result]);
    log(
      `  round ${round + 1}/${rounds}: service p99 ${service.latencyMs.p99.toFixed(1)} ms` +
        (echo === undefined ? '' : `, echo p99 ${echo.latencyMs.p99.toFixed(1)} ms`) +
        (service.errors > 0 ? `, ${service.errors} errors (${service.firstError ?? ''})` : ''),
    );
  }
  const service = combineMeasurements(serviceRounds.map((round) => round.result));
  const echo =
    echoRounds.length === 0 ? undefined : combineMeasurements(echoRounds.map((round) => round.result));
  const serviceProcess = combineUsage(
    serviceRounds.map((round) => round.usage),
    service.seconds,
  );
  const loaderCpuPercent = (rounds: readonly MeasuredRound[], seconds: number) =>
    combineUsage(
      rounds.map((round) => round.loaderUsage),
      seconds,
    ).cpuPercent;
  const echoProcess =
    echo === undefined
      ? undefined
      : combineUsage(
          echoRounds.map((round) => round.usage),
          echo.seconds,
        );
  const ratio = {
    p99: ratioOf(service.latencyMs.p99, echo?.latencyMs.p99),
    firstChunkP99: ratioOf(service.firstChunkMs?.p99, echo?.firstChunkMs?.p99),
  };
  const roundP99s = serviceRounds.map((round, index) => {
    const echoRound = echoRounds[index];
    const serviceP99 = combineMeasurements([round.result]).latencyMs.p99;
    const echoP99 =
      echoRound === undefined ? undefined : combineMeasurements([echoRound.result]).latencyMs.p99;
    return { serviceP99, echoP99, ratio: ratioOf(serviceP99, echoP99) };
  });
  const roundRatios = roundP99s.flatMap((round) => (round.ratio === undefined ? [] : [round.ratio]));
  const value = targetValue(plan.target, service, serviceProcess);
  const targetPass = value < plan.target.limit;
  return {
    id: plan.id,
    title: plan.title,
    load: {
      mode: 'closed loop',
      concurrency,
      callsPerRound: seconds === undefined ? calls : undefined,
      secondsPerRound: seconds,
      rounds,
      recordsPerCall: plan.size.records,
    },
    service,
    echo,
    ratio,
    rounds: roundP99s,
    medianRoundRatio: roundRatios.length === 0 ? undefined : median(roundRatios),
    ratioGoal:
      plan.ratioGoal === undefined
        ? undefined
        : { limit: plan.ratioGoal, pass: ratio.p99 !== undefined && ratio.p99 <= plan.ratioGoal },
    serviceProcess,
    echoProcess,
    loadGeneratorCpuPercent: {
      service: loaderCpuPercent(serviceRounds, service.seconds),
      echo: echo === undefined ? undefined : loaderCpuPercent(echoRounds, echo.seconds),
    },
    target: { ...plan.target, value, pass: targetPass },
    pass: targetPass && service.errors === 0 && service.wrongPath === 0 && service.calls > 0,
  };
}

async function heapUsedBytes(httpPort: number): Promise<number | undefined> {
  try {
    const text = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
    const match = /^nodejs_heap_size_used_bytes (\d+(?:\.\d+)?)$/m.exec(text);
    return match?.[1] === undefined ? undefined : Number(match[1]);
  } catch {
    return undefined;
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 1_000));

async function runLeakCheck(running: Running, options: PerfOptions): Promise<LeakResult> {
  const { servicePid, served, log } = running;
  const shapes = leakShapes(options);
  const concurrency = options.mixed.concurrency;
  const half = Math.floor(options.leakCalls / 2);
  log(`leak check: ${options.leakCalls} calls (mixed), RSS before / half-way / after`);
  await runJob(running, job(running.serviceTarget, shapes, concurrency, Math.min(options.warmupCalls, half)));
  await settle();
  const rssBeforeBytes = rssBytes(servicePid);
  const heapUsedBeforeBytes = await heapUsedBytes(served.httpPort);
  const first = await runJob(running, job(running.serviceTarget, shapes, concurrency, half));
  await settle();
  const rssMiddleBytes = rssBytes(servicePid);
  const second = await runJob(
    running,
    job(running.serviceTarget, shapes, concurrency, options.leakCalls - half),
  );
  await settle();
  const rssAfterBytes = rssBytes(servicePid);
  const heapUsedAfterBytes = await heapUsedBytes(served.httpPort);
  const measured = combineMeasurements([first, second]);
  const growthBytes = rssAfterBytes - rssBeforeBytes;
  const suspected = growthBytes > leakAllowanceBytes && rssAfterBytes - rssMiddleBytes > leakSecondHalfBytes;
  return {
    calls: measured.calls,
    errors: measured.errors,
    wrongPath: measured.wrongPath,
    rssBeforeBytes,
    rssMiddleBytes,
    rssAfterBytes,
    heapUsedBeforeBytes,
    heapUsedAfterBytes,
    growthBytes,
    growthPerCallBytes: measured.calls > 0 ? growthBytes / measured.calls : 0,
    verdict: suspected ? 'leak suspected' : 'no leak detected',
    rule: `leak suspected when RSS grew by more than ${leakAllowanceBytes / 1024 / 1024} MiB over the run and still by more than ${leakSecondHalfBytes / 1024 / 1024} MiB in its second half`,
    pass: !suspected && measured.errors === 0 && measured.wrongPath === 0,
  };
}

function machineInfo(loadAverageAtStart: readonly number[]): MachineInfo {
  const processors = cpus();
  return {
    cores: processors.length,
    cpuModel: processors[0]?.model.trim() ?? 'unknown',
    memoryBytes: totalmem(),
    os: `${type()} ${release()}`,
    node: process.version,
    loadAverageAtStart,
    loadAverageAtEnd: loadavg(),
  };
}

/** Runs the suite with these options; `log` gets progress lines. */
export async function runPerf(options: PerfOptions, log: Log): Promise<PerfReport> {
  const startedAt = new Date();
  const serviceCommand = ['node', ...serviceNodeFlags, ...servedEntryArgs(options.service)].join(' ');
  const loadAverageAtStart = loadavg();
  const dataDir = mkdtempSync(join(tmpdir(), 'tda-perf-'));
  const claude = await startFakeAnthropicServer();
  claude.setDefault(
    delayedRecordsReply(perfEntity, options.llmLatencyMs, { inputTokens: 1500, outputTokens: 900 }),
  );
  const stops: (() => Promise<void> | void)[] = [
    () => claude.close(),
    () => {
      rmSync(dataDir, { recursive: true, force: true });
    },
  ];
  try {
    if (options.service === 'dist' && !existsSync('dist/main.js')) {
      throw new Error('--service dist: dist/main.js is missing; run `npm run build` (npm run perf does)');
    }
    log(`starting the service (${serviceCommand}), the echo server and the load generator`);
    const echo = forkWorker<EchoCommand, EchoReply>(join(perfDirectory, 'echo-server.ts'));
    stops.unshift(() => echo.stop({ type: 'exit' }));
    const loader = forkWorker<LoadGeneratorCommand, LoadGeneratorReply>(
      join(perfDirectory, 'load-generator.ts'),
    );
    stops.unshift(() => loader.stop({ type: 'exit' }));
    const served = await spawnServedProcess(
      {
        ANTHROPIC_API_KEY: claude.apiKey,
        ANTHROPIC_BASE_URL: claude.baseUrl,
        DATA_DIR: dataDir,
      },
      serviceNodeFlags,
      options.service,
    );
    // The service is not our IPC child: kill it even when the runner is stopped by a signal.
    const killServed = () => served.child.kill('SIGKILL');
    process.once('exit', killServed);
    stops.unshift(() => {
      process.removeListener('exit', killServed);
      killServed();
    });
    const echoReady = await echo.next();
    if (echoReady.type !== 'ready') throw new Error('the echo server did not start');
    const servicePid = served.child.pid ?? 0;
    const rssAfterStartBytes = rssBytes(servicePid);
    const cpuAtStart = startUsageWindow(servicePid);
    const running: Running = {
      served,
      servicePid,
      serviceTarget: `127.0.0.1:${served.grpcPort}`,
      echo,
      echoTarget: `127.0.0.1:${echoReady.port}`,
      loader,
      log,
    };

    const plans = new Map(scenarioPlans(options).map((plan) => [plan.id, plan]));
    const scenarios: ScenarioResult[] = [];
    // The large streams run last: they grow the heap, which would blur the leak check.
    for (const id of ['traditional', 'llm', 'mixed'] as const) {
      const plan = plans.get(id);
      if (plan !== undefined) scenarios.push(await runScenario(running, plan));
    }
    const leak = options.only.includes('leak') ? await runLeakCheck(running, options) : undefined;
    for (const id of ['stream-small', 'stream-large'] as const) {
      const plan = plans.get(id);
      if (plan !== undefined) scenarios.push(await runScenario(running, plan));
    }
    const order = ['traditional', 'llm', 'stream-small', 'stream-large', 'mixed'];
    scenarios.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
    const serviceCpu = cpuAtStart.end().cpuSeconds;

    const problems =
      scenarios.reduce(
        (sum, scenario) =>
          sum + scenario.service.errors + scenario.service.wrongPath + (scenario.echo?.errors ?? 0),
        0,
      ) + (leak === undefined ? 0 : leak.errors + leak.wrongPath);
    return {
      generatedAt: startedAt.toISOString(),
      durationSeconds: (Date.now() - startedAt.getTime()) / 1000,
      note: options.note,
      machine: machineInfo(loadAverageAtStart),
      options,
      entity: perfEntity,
      serviceCommand,
      fakeLlm: {
        latencyMs: options.llmLatencyMs,
        calls: claude.requests.length,
        unexpected: claude.unexpected.length,
      },
      scenarios,
      leak,
      serviceProcess: {
        rssAfterStartBytes,
        // VmHWM was reset per measured window; this is the largest of those windows and the leak check.
        peakRssBytes: Math.max(
          peakRssBytes(servicePid),
          leak?.rssAfterBytes ?? 0,
          ...scenarios.map((scenario) => scenario.serviceProcess.peakRssBytes),
        ),
        cpuSeconds: serviceCpu,
      },
      problems,
      pass: problems === 0 && scenarios.every((scenario) => scenario.pass) && (leak?.pass ?? true),
    };
  } finally {
    for (const stop of stops) {
      try {
        await stop();
      } catch {
        // best effort: the others still have to stop
      }
    }
  }
}
