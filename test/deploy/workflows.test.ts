import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// No GitHub runner here: the workflows are read the way Actions would read them and checked against
// the repository they run in (scripts, Dockerfile, the tests' server defaults, the local gate).

interface Step {
  readonly name?: string;
  readonly id?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly with?: Readonly<Record<string, unknown>>;
}

interface Service {
  readonly image: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly ports?: readonly string[];
  readonly options?: string;
}

interface Job {
  readonly needs?: string | readonly string[];
  readonly permissions?: Readonly<Record<string, string>>;
  readonly env?: Readonly<Record<string, string>>;
  readonly services?: Readonly<Record<string, Service>>;
  readonly steps: readonly Step[];
}

interface Workflow {
  readonly on: Readonly<Record<string, unknown>>;
  readonly env?: Readonly<Record<string, string>>;
  readonly jobs: Readonly<Record<string, Job>>;
}

function readWorkflow(name: string): Workflow {
  return parse(readFileSync(join('.github/workflows', name), 'utf8')) as Workflow;
}

const ci = readWorkflow('ci.yml');
const release = readWorkflow('release.yml');
const workflows = { 'ci.yml': ci, 'release.yml': release };
const packageJson = JSON.parse(readFileSync('package.json', 'utf8')) as {
  version: string;
  engines: { node: string };
  scripts: Record<string, string>;
};
const localGate = readFileSync('.ci/run', 'utf8');

const stepsOf = (workflow: Workflow): Step[] => Object.values(workflow.jobs).flatMap((job) => job.steps);
const action = (step: Step): string => step.uses?.split('@')[0] ?? '';
const stepsUsing = (job: Job, name: string): Step[] => job.steps.filter((step) => action(step) === name);

/** The value of `${{ env.NAME }}` from the workflow's env, or the text itself. */
function resolveEnv(workflow: Workflow, value: unknown): string {
  const text = String(value);
  const reference = /^\$\{\{\s*env\.(\w+)\s*\}\}$/.exec(text);
  if (reference === null) return text;
  const resolved = workflow.env?.[reference[1]!];
  if (resolved === undefined) throw new Error(`${text} is not set in the workflow env`);
  return resolved;
}

/** Every capture of `pattern` (with the g flag) over the test sources, this file excluded. */
const testSources = readdirSync('test', { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.ts') && !file.endsWith('workflows.test.ts'))
  .map((file) => readFileSync(join('test', file), 'utf8'));
function capturedInTests(pattern: RegExp): string[] {
  return testSources.flatMap((source) => [...source.matchAll(pattern)].map((match) => match[1]!));
}

describe('both workflows', () => {
  it('pin every action to a major version (or a commit)', () => {
    for (const [name, workflow] of Object.entries(workflows)) {
      const uses = stepsOf(workflow).flatMap((step) => (step.uses === undefined ? [] : [step.uses]));
      expect(uses.length, name).toBeGreaterThan(0);
      for (const use of uses)
        expect(use, name).toMatch(/^[\w.-]+\/[\w./-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/);
    }
  });

  it('call only npm scripts that package.json has (the local gate included)', () => {
    const commands = [
      ...Object.values(workflows).flatMap((workflow) => stepsOf(workflow).map((step) => step.run ?? '')),
      localGate,
    ].join('\n');
    const called = [
      ...[...commands.matchAll(/\bnpm run ([\w:-]+)/g)].map((match) => match[1]!),
      ...[...commands.matchAll(/\bnpm (test|start)\b/g)].map((match) => match[1]!),
    ];
    expect(called).toEqual(expect.arrayContaining(['lint', 'typecheck', 'proto', 'e2e', 'build', 'test']));
    for (const script of called) expect(packageJson.scripts, script).toHaveProperty(script);
  });

  it('set up the Node line package.json engines asks for', () => {
    const minimum = /^>=\s*(\d+)\.(\d+)/.exec(packageJson.engines.node);
    expect(minimum).not.toBeNull();
    const versions = Object.values(workflows).flatMap((workflow) =>
      stepsOf(workflow)
        .filter((step) => action(step) === 'actions/setup-node')
        .map((step) => resolveEnv(workflow, step.with?.['node-version'])),
    );
    expect(versions.length).toBeGreaterThanOrEqual(5);
    for (const version of versions) {
      // A bare major (or major.minor) takes that line's newest release, which is past the minimum.
      const [major, minor] = version.split('.').map(Number);
      expect(major, version).toBe(Number(minimum![1]));
      if (minor !== undefined) expect(minor, version).toBeGreaterThanOrEqual(Number(minimum![2]));
    }
    const [runningMajor, runningMinor] = process.versions.node.split('.').map(Number);
    expect(runningMajor! * 1000 + runningMinor!).toBeGreaterThanOrEqual(
      Number(minimum![1]) * 1000 + Number(minimum![2]),
    );
  });

  it('build the image from the Dockerfile that exists and log in to GHCR with the GITHUB_TOKEN', () => {
    for (const [name, workflow] of Object.entries(workflows)) {
      const jobs = Object.values(workflow.jobs).filter(
        (job) => stepsUsing(job, 'docker/build-push-action').length > 0,
      );
      expect(jobs, name).toHaveLength(1);
      const job = jobs[0]!;
      const build = stepsUsing(job, 'docker/build-push-action')[0]!;
      expect(build.with?.context).toBe('.');
      const dockerfile = String(build.with?.file);
      expect(existsSync(dockerfile), dockerfile).toBe(true);
      expect(readFileSync(dockerfile, 'utf8')).toMatch(/^FROM /m);
      expect(String(build.with?.tags)).toMatch(/steps\.meta\.outputs\.tags/);
      expect(stepsUsing(job, 'docker/metadata-action')).toHaveLength(1);
      const login = stepsUsing(job, 'docker/login-action');
      expect(login).toHaveLength(1);
      expect(login[0]!.with).toMatchObject({
        registry: 'ghcr.io',
        username: '${{ github.actor }}',
        password: '${{ secrets.GITHUB_TOKEN }}',
      });
      expect(job.permissions).toMatchObject({ packages: 'write' });
    }
  });
});

describe('ci.yml', () => {
  const jobs = ci.jobs;

  it('runs on pushes to main and on pull requests, with lint, typecheck, test, e2e and docker jobs', () => {
    expect(ci.on.push).toEqual({ branches: ['main'] });
    expect(ci.on).toHaveProperty('pull_request');
    expect(Object.keys(jobs)).toEqual(expect.arrayContaining(['lint', 'typecheck', 'test', 'e2e', 'docker']));
    const runs = (job: string) => jobs[job]!.steps.map((step) => step.run ?? '');
    expect(runs('lint')).toContain('npm run lint');
    expect(runs('typecheck')).toContain('npm run typecheck');
    expect(runs('typecheck')).toContain('npm run proto && git diff --exit-code -- src/gen');
  });

  it('has the test job run the local gate .ci/run, which runs the whole suite with coverage', () => {
    const test = jobs.test!;
    expect(test.steps.filter((step) => step.run === '.ci/run')).toHaveLength(1);
    expect(test.env?.CI).toBe('true');
    expect(statSync('.ci/run').mode & 0o111).not.toBe(0);
    expect(localGate.startsWith('#!/usr/bin/env bash\n')).toBe(true);
    expect(localGate).toMatch(/^set -euo pipefail$/m);
    // The gate runs exactly the README's test command; CI=true turns coverage on in vitest.config.ts.
    expect(localGate.trimEnd().split('\n').at(-1)).toBe('npm test');
    expect(readFileSync('README.md', 'utf8')).toMatch(/^npm test\s+#/m);
    const vitestConfig = readFileSync('vitest.config.ts', 'utf8');
    expect(vitestConfig).toContain("enabled: process.env.CI === 'true'");
    // vitest.config.ts keeps the default reports directory.
    expect(vitestConfig).not.toMatch(/reportsDirectory/);
    const upload = stepsUsing(test, 'actions/upload-artifact');
    expect(upload.map((step) => step.with?.path)).toEqual(['coverage/']);
  });

  it('gives the test job the servers the tests expect, on the tests’ default ports', () => {
    const services = Object.values(jobs.test!.services ?? {});
    const byImage = (name: string): Service => {
      const found = services.filter((service) => service.image.split(':')[0] === name);
      expect(found, name).toHaveLength(1);
      return found[0]!;
    };
    const published = (service: Service): number[] =>
      (service.ports ?? []).map((mapping) => {
        const [host, container] = mapping.split(':').map(Number);
        expect(host, mapping).toBe(container);
        return host!;
      });
    const expectPortsOf = (service: Service, defaults: readonly string[]) => {
      expect(defaults.length, service.image).toBeGreaterThan(0);
      expect(published(service), service.image).toEqual([...new Set(defaults.map(Number))]);
      // With CI=true a test fails when its server is not up yet: the job waits for each to be healthy.
      expect(service.options, service.image).toMatch(/--health-cmd/);
    };

    const redis = byImage('redis');
    expectPortsOf(redis, capturedInTests(/['"]redis:\/\/127\.0\.0\.1:(\d+)['"]/g));

    const postgres = byImage('postgres');
    expectPortsOf(postgres, [
      ...capturedInTests(/PGPORT \?\? (\d+)/g),
      ...capturedInTests(/PostgreSQL at 127\.0\.0\.1:(\d+)/g),
    ]);
    expect(postgres.env?.POSTGRES_HOST_AUTH_METHOD).toBe('trust'); // the tests send no password
    expect(capturedInTests(/PGUSER \?\? '(\w+)'/g)).toEqual(expect.arrayContaining(['postgres']));
    for (const database of capturedInTests(/PGDATABASE \?\? '(\w+)'/g))
      expect(postgres.env?.POSTGRES_DB).toBe(database);

    const mariadb = byImage('mariadb');
    expectPortsOf(mariadb, [
      ...capturedInTests(/MYSQL_PORT \?\? (\d+)/g),
      ...capturedInTests(/MariaDB at 127\.0\.0\.1:(\d+)/g),
    ]);
    expect(capturedInTests(/MYSQL_USER \?\? '(\w+)'/g)).toEqual(expect.arrayContaining(['root']));
    expect(capturedInTests(/MYSQL_PASSWORD \?\? '(.*?)'/g)).toEqual(expect.arrayContaining(['']));
    expect(mariadb.env?.MARIADB_ALLOW_EMPTY_ROOT_PASSWORD).toBe('1');
    for (const database of capturedInTests(/MYSQL_DATABASE \?\? '(\w+)'/g))
      expect(mariadb.env?.MARIADB_DATABASE).toBe(database);
  });

  it('runs npm run e2e and uploads the coverage report it writes', () => {
    const e2e = jobs.e2e!;
    expect(e2e.steps.map((step) => step.run)).toContain('npm run e2e');
    const script = packageJson.scripts.e2e ?? '';
    expect(script).toMatch(/\btest\/e2e\b/);
    const directory = /--coverage\.reportsDirectory=(\S+)/.exec(script)?.[1];
    expect(directory).toBeDefined();
    expect(stepsUsing(e2e, 'actions/upload-artifact').map((step) => step.with?.path)).toEqual([
      `${directory!.replace(/\/$/, '')}/`,
    ]);
  });

  it('builds the image after every check and pushes it only for a push to main', () => {
    const docker = jobs.docker!;
    expect(docker.needs).toEqual(expect.arrayContaining(['lint', 'typecheck', 'test', 'e2e']));
    const push = docker.env?.PUSH ?? '';
    expect(push).toMatch(/github\.event_name == 'push'/);
    expect(push).toMatch(/github\.ref == 'refs\/heads\/main'/);
    expect(push).toMatch(/&&/);
    expect(stepsUsing(docker, 'docker/login-action')[0]!.if).toBe("${{ env.PUSH == 'true' }}");
    expect(stepsUsing(docker, 'docker/build-push-action')[0]!.with?.push).toBe("${{ env.PUSH == 'true' }}");
    // Jobs without their own permissions get the workflow's read-only token.
    expect(readFileSync('.github/workflows/ci.yml', 'utf8')).toMatch(/^permissions:\n {2}contents: read$/m);
  });
});

describe('release.yml', () => {
  it('runs on version tags only', () => {
    expect(Object.keys(release.on)).toEqual(['push']);
    expect(release.on.push).toEqual({ tags: ['v*'] });
    // The check that the tag is package.json's version accepts this repository's own next tag.
    const check = stepsOf(release).find((step) => step.run?.includes('package.json') === true)?.run;
    expect(check).toMatch(/"\$\{GITHUB_REF_NAME\}" != "v\$\{version\}"/);
    expect(packageJson.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('pushes semver-tagged images and then creates a GitHub release with notes', () => {
    const image = Object.values(release.jobs).find(
      (job) => stepsUsing(job, 'docker/build-push-action').length > 0,
    )!;
    const tags = String(stepsUsing(image, 'docker/metadata-action')[0]!.with?.tags);
    expect(tags).toMatch(/type=semver,pattern=\{\{version\}\}/);
    expect(tags).toMatch(/type=semver,pattern=\{\{major\}\}\.\{\{minor\}\}/);
    expect(stepsUsing(image, 'docker/build-push-action')[0]!.with?.push).toBe(true);

    const publish = Object.entries(release.jobs).find(
      ([, job]) => stepsUsing(job, 'softprops/action-gh-release').length > 0,
    );
    expect(publish).toBeDefined();
    const [name, job] = publish!;
    expect(job.permissions).toMatchObject({ contents: 'write' });
    expect(stepsUsing(job, 'softprops/action-gh-release')[0]!.with?.generate_release_notes).toBe(true);
    // The release names the image, so it is made after the image was pushed.
    const imageJob = Object.entries(release.jobs).find(([, candidate]) => candidate === image)![0];
    expect([job.needs].flat(), name).toContain(imageJob);
  });
});

describe('workflow schema', () => {
  // action-validator checks a workflow against SchemaStore's GitHub Actions schema (and its glob
  // patterns) offline, as GitHub would reject a malformed file on push.
  it.each(['ci.yml', 'release.yml'])('%s is a valid GitHub Actions workflow', (name) => {
    const { errors } = validateWorkflow(readFileSync(join('.github/workflows', name), 'utf8'));
    expect(errors).toEqual([]);
  });

  it('rejects a workflow GitHub would reject (so the check above can fail)', () => {
    const broken = readFileSync('.github/workflows/ci.yml', 'utf8').replace('runs-on:', 'runs_on:');
    expect(validateWorkflow(broken).errors).not.toEqual([]);
  });
});
