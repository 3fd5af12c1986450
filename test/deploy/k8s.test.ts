import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { ConfigMap, Secret, Service, ServiceAccount } from 'kubernetes-models/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IProbe } from 'kubernetes-models/v1/Probe';
import type { ISecret } from 'kubernetes-models/v1/Secret';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { createApp } from '../../src/app.js';
import { configVariableNames, createTestConfig, loadConfig } from '../../src/config/config.js';
import { healthServiceNames } from '../../src/server/grpc-health.js';
import { createFakeTestDataService } from '../support/fake-test-data-service.js';
import { serviceNodeFlags } from '../support/served-process.js';

// No cluster runs here: every manifest is parsed, validated offline against the Kubernetes 1.27
// OpenAPI schemas (kubernetes-models) and checked against the code it deploys.

const directory = 'k8s';
const manifestFiles = readdirSync(directory)
  .filter((name) => /\.ya?ml$/.test(name) && name !== 'kustomization.yaml')
  .sort();

interface Manifest {
  readonly file: string;
  readonly object: { apiVersion: string; kind: string; metadata: { name: string } };
}

const manifests: Manifest[] = manifestFiles.flatMap((file) =>
  parseAllDocuments(readFileSync(`${directory}/${file}`, 'utf8'))
    .filter((document) => document.contents !== null)
    .map((document) => {
      if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0]!.message}`);
      return { file, object: document.toJS() as Manifest['object'] };
    }),
);

/** The kubernetes-models class for each kind these manifests use; validate() throws on schema errors. */
const models: Record<string, (data: never) => { validate(): void }> = {
  'apps/v1/Deployment': (data) => new Deployment(data),
  'v1/Service': (data) => new Service(data),
  'v1/ConfigMap': (data) => new ConfigMap(data),
  'v1/Secret': (data) => new Secret(data),
  'v1/ServiceAccount': (data) => new ServiceAccount(data),
  'autoscaling/v2/HorizontalPodAutoscaler': (data) => new HorizontalPodAutoscaler(data),
};

/** The one object of a kind (the manifests hold one of each). */
function only(kind: string): Manifest['object'] {
  const found = manifests.filter((manifest) => manifest.object.kind === kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, found ${String(found.length)}`);
  return found[0]!.object;
}

const deployment = only('Deployment') as IDeployment;
const service = only('Service') as IService;
const configMap = only('ConfigMap') as IConfigMap;
const secret = only('Secret') as ISecret;
const serviceAccount = only('ServiceAccount') as IServiceAccount;
const hpa = only('HorizontalPodAutoscaler') as IHorizontalPodAutoscaler;
const podSpec = deployment.spec!.template.spec!;
const container: IContainer = podSpec.containers[0]!;
const defaults = loadConfig({ env: {}, envFile: false });

/** The environment a pod gets: ConfigMap first, then the Secret (later envFrom entries win). */
function podEnvironment(secretValues: Record<string, string>): Record<string, string> {
  return { ...configMap.data, ...secretValues };
}

describe('k8s manifests', () => {
  it('has one file per object and each validates against the Kubernetes schema', () => {
    expect(manifestFiles).toEqual([
      'configmap.yaml',
      'deployment.yaml',
      'hpa.yaml',
      'secrets.yaml',
      'service.yaml',
      'serviceaccount.yaml',
    ]);
    for (const { file, object } of manifests) {
      const model = models[`${object.apiVersion}/${object.kind}`];
      expect(model, `${file}: ${object.apiVersion} ${object.kind}`).toBeDefined();
      expect(() => {
        model!(object as never).validate();
      }, file).not.toThrow();
    }
  });

  it('the schema validation catches a broken object', () => {
    const broken = structuredClone(deployment) as unknown as { spec: { replicas: unknown } };
    broken.spec.replicas = 'two';
    expect(() => {
      new Deployment(broken as never).validate();
    }).toThrow(/replicas must be integer/);
  });

  it('kustomization.yaml lists every manifest and labels with app.kubernetes.io/name', () => {
    const kustomization = parse(readFileSync(`${directory}/kustomization.yaml`, 'utf8')) as {
      apiVersion: string;
      kind: string;
      resources: string[];
      labels: { pairs: Record<string, string> }[];
      images: { name: string }[];
    };
    expect(kustomization.apiVersion).toBe('kustomize.config.k8s.io/v1beta1');
    expect(kustomization.kind).toBe('Kustomization');
    expect([...kustomization.resources].sort()).toEqual(manifestFiles);
    expect(
      kustomization.labels.some((label) => label.pairs['app.kubernetes.io/name'] === 'test-data-agent'),
    ).toBe(true);
    expect(kustomization.images.map((image) => image.name)).toContain(container.image!.split(':')[0]);
  });

  it.skipIf(!hasKubectl())('kubectl kustomize builds every object', () => {
    const built = execFileSync('kubectl', ['kustomize', directory], { encoding: 'utf8', timeout: 10_000 });
    const kinds = parseAllDocuments(built).map((document) => (document.toJS() as Manifest['object']).kind);
    expect(kinds.sort()).toEqual(manifests.map((manifest) => manifest.object.kind).sort());
  });
});

describe('k8s deployment', () => {
  it('runs 2 replicas with 500m CPU and 512Mi memory requested and limited', () => {
    expect(deployment.spec!.replicas).toBe(2);
    const resources = { cpu: '500m', memory: '512Mi' };
    expect(container.resources).toEqual({ requests: resources, limits: resources });
  });

  it('caps the V8 heap below the memory limit, young generation included', () => {
    const nodeOptions = container.env?.find((variable) => variable.name === 'NODE_OPTIONS')?.value ?? '';
    const oldSpaceMib = Number(/--max-old-space-size=(\d+)/.exec(nodeOptions)?.[1]);
    const semiSpaceMib = Number(/--max-semi-space-size=(\d+)/.exec(serviceNodeFlags.join(' '))?.[1]);
    expect(oldSpaceMib).toBeGreaterThanOrEqual(256);
    expect(semiSpaceMib).toBeGreaterThan(0);
    // Old generation + young generation (two semi-spaces and a new large-object space of the same size)
    // + 80 MiB for code, the runtime and buffers (the compiled service's RSS at start is ~120 MiB).
    expect(oldSpaceMib + 3 * semiSpaceMib + 80).toBeLessThanOrEqual(512);
    expect(container.resources?.limits?.memory).toBe('512Mi');
  });

  it('exposes the ports the config listens on by default', () => {
    expect(container.ports).toEqual([
      { name: 'grpc', containerPort: defaults.grpcPort, protocol: 'TCP' },
      { name: 'http', containerPort: defaults.httpPort, protocol: 'TCP' },
    ]);
    expect([defaults.grpcPort, defaults.httpPort]).toEqual([9001, 8081]);
    expect(configMap.data?.GRPC_PORT).toBe(String(defaults.grpcPort));
    expect(configMap.data?.HTTP_PORT).toBe(String(defaults.httpPort));
  });

  it('probes liveness, readiness and start-up on the HTTP port', () => {
    const httpProbe = (probe: IProbe | undefined) => ({
      path: probe?.httpGet?.path,
      port: probe?.httpGet?.port,
    });
    expect(httpProbe(container.livenessProbe)).toEqual({ path: '/health/live', port: 'http' });
    expect(httpProbe(container.readinessProbe)).toEqual({ path: '/health/ready', port: 'http' });
    expect(httpProbe(container.startupProbe)).toEqual({ path: '/health/live', port: 'http' });
  });

  describe('probe paths answer on the HTTP server', () => {
    const app = createApp(createTestConfig(), { service: createFakeTestDataService() });
    afterAll(() => app.stop());

    it('/health/live is 200 and /health/ready 503 before the servers start', async () => {
      const live = await app.http.inject({ method: 'GET', url: container.livenessProbe!.httpGet!.path! });
      expect(live.statusCode).toBe(200);
      const ready = await app.http.inject({ method: 'GET', url: container.readinessProbe!.httpGet!.path! });
      expect(ready.statusCode).toBe(503);
      const annotations = deployment.spec!.template.metadata!.annotations!;
      const metrics = await app.http.inject({ method: 'GET', url: annotations['prometheus.io/path']! });
      expect(metrics.statusCode).toBe(200);
      expect(annotations['prometheus.io/port']).toBe(String(defaults.httpPort));
    });
  });

  it('documents a gRPC probe on grpc.health.v1 for the served service names', () => {
    const text = readFileSync(`${directory}/deployment.yaml`, 'utf8');
    expect(text).toContain(`grpc: { port: ${defaults.grpcPort} }`);
    expect(text).toContain(`service: ${healthServiceNames[1]}`);
  });

  it('takes env from the ConfigMap and the Secret, with known variable names only', () => {
    expect(container.envFrom).toEqual([
      { configMapRef: { name: configMap.metadata!.name } },
      { secretRef: { name: secret.metadata!.name } },
    ]);
    // NODE_OPTIONS is Node's own (the heap cap), not the service's configuration.
    const known = new Set([...configVariableNames, 'NODE_OPTIONS']);
    const names = [
      ...(container.env ?? []).map((variable) => variable.name),
      ...Object.keys(configMap.data ?? {}),
      ...Object.keys(secret.stringData ?? {}),
      ...Object.keys(secret.data ?? {}),
    ];
    for (const name of names) expect(known, name).toContain(name);
    const shared = Object.keys(configMap.data ?? {}).filter((name) => name in (secret.stringData ?? {}));
    expect(shared).toEqual([]);
  });

  it('the ConfigMap is a valid production configuration once the Secret is filled in', () => {
    const env = podEnvironment({ ...secret.stringData, ANTHROPIC_API_KEY: 'sk-ant-test' });
    const config = loadConfig({ env, envFile: false });
    expect(config.environment).toBe('production');
    expect(config.redisUrl).toBe('redis://redis:6379');
    expect(config.weaviateUrl).toBe('http://weaviate:8080');
    expect(config.otlpEndpoint).toBe('http://otel-collector:4317');
    expect(config.dataDir).toBe('/app/data');
    // The unfilled template fails start-up loudly instead of running without an LLM.
    expect(() => loadConfig({ env: podEnvironment(secret.stringData ?? {}), envFile: false })).toThrow(
      /ANTHROPIC_API_KEY/,
    );
  });

  it('the Secret is a template without values', () => {
    expect(secret.data).toBeUndefined();
    const values = Object.entries(secret.stringData ?? {});
    expect(values.map(([name]) => name)).toEqual(
      expect.arrayContaining(['ANTHROPIC_API_KEY', 'WEAVIATE_API_KEY']),
    );
    for (const [name, value] of values) expect(value, name).toBe('');
  });

  it('gives in-flight work time to drain: grace period > preStop sleep + drain timeout', () => {
    const drainMs = loadConfig({
      env: podEnvironment({ ANTHROPIC_API_KEY: 'x' }),
      envFile: false,
    }).shutdownDrainTimeoutMs;
    expect(drainMs).toBe(defaults.shutdownDrainTimeoutMs);
    const preStop = container.lifecycle?.preStop?.exec?.command ?? [];
    expect(preStop[0]).toBe('sleep');
    const preStopMs = Number(preStop[1]) * 1000;
    expect(preStopMs).toBeGreaterThan(0);
    expect(podSpec.terminationGracePeriodSeconds! * 1000).toBeGreaterThan(preStopMs + drainMs);
  });

  it('runs as the image user, non-root, read-only, without privileges', () => {
    expect(podSpec.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 1000,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.securityContext).toMatchObject({
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(readFileSync('Dockerfile', 'utf8')).toMatch(/^USER node$/m);
    // The writable paths are emptyDirs: DATA_DIR and /tmp.
    const emptyDirs = new Set(
      podSpec.volumes!.filter((volume) => volume.emptyDir).map((volume) => volume.name),
    );
    const writable = container
      .volumeMounts!.filter((mount) => emptyDirs.has(mount.name))
      .map((mount) => mount.mountPath);
    expect(writable.sort()).toEqual([configMap.data!.DATA_DIR, '/tmp'].sort());
  });

  it('uses its own service account without an API token', () => {
    expect(podSpec.serviceAccountName).toBe(serviceAccount.metadata!.name);
    expect(serviceAccount.automountServiceAccountToken).toBe(false);
    expect(podSpec.automountServiceAccountToken).toBe(false);
  });
});

describe('k8s service and autoscaler', () => {
  it('the ClusterIP Service selects the pods and maps grpc (appProtocol grpc) and http', () => {
    expect(service.spec!.type).toBe('ClusterIP');
    const podLabels = deployment.spec!.template.metadata!.labels!;
    expect(Object.keys(service.spec!.selector!).length).toBeGreaterThan(0);
    for (const [key, value] of Object.entries(service.spec!.selector!))
      expect(podLabels[key], key).toBe(value);
    expect(deployment.spec!.selector.matchLabels).toEqual(service.spec!.selector);
    const ports = service.spec!.ports!.map(({ name, port, targetPort, appProtocol }) => ({
      name,
      port,
      targetPort,
      appProtocol,
    }));
    expect(ports).toEqual([
      { name: 'grpc', port: defaults.grpcPort, targetPort: 'grpc', appProtocol: 'grpc' },
      { name: 'http', port: defaults.httpPort, targetPort: 'http', appProtocol: 'http' },
    ]);
  });

  it('the HPA scales the Deployment from 2 to 10 at 70% CPU', () => {
    expect(hpa.spec!.scaleTargetRef).toEqual({
      apiVersion: deployment.apiVersion,
      kind: 'Deployment',
      name: deployment.metadata!.name,
    });
    expect(hpa.spec!.minReplicas).toBe(2);
    expect(hpa.spec!.maxReplicas).toBe(10);
    expect(hpa.spec!.metrics).toEqual([
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
      },
    ]);
  });
});

function hasKubectl(): boolean {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore', timeout: 5_000 });
    return true;
  } catch {
    return false;
  }
}
