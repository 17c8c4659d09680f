import { App, Testing } from 'cdk8s';
import { synthDocs } from './fixtures';
import * as h from '../../src';

export const PLATFORM: h.PlatformContext = { tenantHost: 'acme.hikube.cloud', kubeadmWorkerImage: 'registry.example.com/ubuntu-container-disk:v1.33' };

/** Synthesizes a cluster and its Cluster API rendering; returns the rendering's documents. */
export function renderCapi(build: (app: App) => h.HikubeCluster, props: Partial<h.ClusterApiRenderingProps> = {}): any[] {
  const app = Testing.app();
  const cluster = build(app);
  new h.ClusterApiRendering(app, 'capi', { cluster, platform: PLATFORM, ...props });
  return synthDocs(app).filter((d) => d.kind !== 'Kubernetes');
}

export function find(docs: any[], kind: string, name: string): any {
  const doc = docs.find((d) => d.kind === kind && d.metadata.name === name);
  if (!doc) throw new Error(`no ${kind}/${name} in ${docs.map((d) => `${d.kind}/${d.metadata.name}`).join(', ')}`);
  return doc;
}

export function ofKind(docs: any[], kind: string): any[] {
  return docs.filter((d) => d.kind === kind);
}
