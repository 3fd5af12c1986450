import { createApp, type App, type AppOverrides } from '../../src/app.js';
import { createTestConfig } from '../../src/config/config.js';

export interface StartedTestApp {
  readonly app: App;
  readonly grpcPort: number;
  readonly httpPort: number;
  /** http://127.0.0.1:PORT */
  readonly baseUrl: string;
  readonly grpcTarget: string;
}

/** Starts an app on free ports with the test configuration (silent logs) and the given overrides. */
export async function startTestApp(
  overrides: AppOverrides = {},
  env: Readonly<Record<string, string>> = {},
): Promise<StartedTestApp> {
  const app = createApp(createTestConfig(env), overrides);
  const { grpcPort, httpPort } = await app.start();
  return {
    app,
    grpcPort,
    httpPort,
    baseUrl: `http://127.0.0.1:${httpPort}`,
    grpcTarget: `127.0.0.1:${grpcPort}`,
  };
}
