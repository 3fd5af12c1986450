import { fork, type ChildProcess } from 'node:child_process';

/**
 * A TypeScript module run under tsx in its own Node process, spoken to over IPC one request at a time:
 * the load generator and the echo server run apart from the runner (and from the service) so none of
 * them shares an event loop with what it measures.
 */
export interface ChildWorker<Command, Reply> {
  readonly child: ChildProcess;
  /** The next message the child sends. */
  next(): Promise<Reply>;
  /** Sends a command and resolves with the child's answer to it. */
  ask(command: Command): Promise<Reply>;
  /** Asks the child to exit, and kills it if it has not within two seconds. */
  stop(exitCommand: Command): Promise<void>;
}

export function forkWorker<Command, Reply>(modulePath: string): ChildWorker<Command, Reply> {
  const child = fork(modulePath, [], {
    execArgv: ['--import', 'tsx'],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting: { resolve: (reply: Reply) => void; reject: (error: Error) => void }[] = [];
  const early: Reply[] = [];
  let exited: Error | undefined;
  child.on('message', (message) => {
    const waiter = waiting.shift();
    if (waiter === undefined) early.push(message as Reply);
    else waiter.resolve(message as Reply);
  });
  child.once('exit', (code, signal) => {
    exited = new Error(`${modulePath} exited (${String(code ?? signal)})`);
    for (const waiter of waiting.splice(0)) waiter.reject(exited);
  });

  const next = (): Promise<Reply> => {
    const ready = early.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    if (exited !== undefined) return Promise.reject(exited);
    return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  };
  return {
    child,
    next,
    ask(command) {
      child.send(command as object);
      return next();
    },
    async stop(exitCommand) {
      if (exited !== undefined) return;
      const gone = new Promise<void>((resolve) => {
        child.once('exit', () => {
          resolve();
        });
      });
      child.send(exitCommand as object);
      const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
      await gone;
      clearTimeout(timer);
    },
  };
}
