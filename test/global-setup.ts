/**
 * Starts one PostgreSQL cluster for the whole run and tells the tests where it is. In CI a missing or
 * broken PostgreSQL fails the run: the PostgreSQL half of the suite must never be skipped silently there.
 * Elsewhere, TSUNAGU_TEST_PG_URL may point at an existing server instead.
 */
import type { TestProject } from 'vitest/node';
import { type PgCluster, startPgCluster } from './pg-cluster.ts';

let cluster: PgCluster | undefined;

export async function setup(project: TestProject) {
  let url = process.env.TSUNAGU_TEST_PG_URL ?? '';
  if (!url) {
    try {
      cluster = startPgCluster();
      url = cluster.url;
    } catch (error) {
      if (process.env.CI) throw new Error(`CI needs PostgreSQL for the test suite: ${String(error)}`);
      process.stderr.write(`\n!! PostgreSQL unavailable, PostgreSQL tests will be SKIPPED: ${String(error)}\n\n`);
    }
  }
  project.provide('pgUrl', url);
}

export async function teardown() {
  cluster?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}
