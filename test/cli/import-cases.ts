import { Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { propsArb } from './arbitraries';
import * as h from '../../src';
import { ImportedCluster } from '../../src/cli/import';
import { readManifest } from '../../src/tenant/from-manifest';

/** Generated clusters per platform line in the import tests. */
export const PER_LINE = 100;

export interface ImportCase {
  readonly line: h.PlatformLine;
  readonly doc: any;
}

/**
 * Valid generated clusters of every line, each synthesized to its document: the import tests read them
 * back and write programs from them (TypeScript in the jest suite, TypeScript and Python in the language tests).
 */
export function importCases(): ImportCase[] {
  const out: ImportCase[] = [];
  for (const [i, line] of h.PlatformLine.all().entries()) {
    const samples = fc.sample(propsArb(line), { numRuns: PER_LINE, seed: 20261200 + i });
    samples.forEach((props, j) => {
      const app = Testing.app();
      // The programs build every case in one app: two clusters of a tenant may not route one host.
      const addons = props.addons?.map((a) => (a instanceof h.IngressNginx && a.hosts.length > 0
        ? new h.IngressNginx({ exposeMethod: a.exposeMethod, hosts: a.hosts.map((host) => host.replace('.example.com', `.c${i}-${j}.example.com`)) }) : a));
      const cluster = new h.HikubeCluster(app, `c${i}-${j}`, { ...props, addons, name: `c${i}-${j}` });
      out.push({ line, doc: Testing.synth(cluster)[0] });
    });
  }
  return out;
}

/** The cases as the import command reads them. */
export function imported(all: ImportCase[]): ImportedCluster[] {
  return all.map(({ line, doc }) => {
    const reading = readManifest(doc, { platformLine: line });
    return { source: doc.metadata.name, id: doc.metadata.name, reading, patches: [] };
  });
}
