import { Construct } from 'constructs';
import { appendInPodTemplate, renderedPodTemplate } from './pod-patch';
import { TenantClusterChart } from './tenant-cluster-chart';
import { checkWorkload, type CheckedWorkload, IWorkload } from './workload';
import { checkProps } from '../model/guard';
import { checkSubdomain, dnsLabelFrom, invalid, invalidAll } from '../model/validation';
import { BucketCredentials } from '../tenant/bucket-credentials';

/** Properties of a workload's access to a bucket. */
export interface BucketAccessProps {
  /** The bucket user whose keys the workload uses, e.g. `bucket.credentials('app')`. */
  readonly credentials: BucketCredentials;
  /** The workload (a cdk8s-plus Deployment, StatefulSet or DaemonSet). */
  readonly workload: IWorkload;
  /**
   * Name of the Secret the keys are copied into, in the workload's namespace of the tenant cluster.
   * @default `<bucket>-<user>-s3`
   */
  readonly secretName?: string;
  /**
   * The container that gets the keys.
   * @default - every container of the workload
   */
  readonly container?: string;
  /**
   * Mount the keys as files (one per key) in this folder instead of setting environment variables.
   * @default - environment variables
   */
  readonly mountPath?: string;
}

/**
 * Gives a workload in a tenant cluster the keys of a bucket user, as environment variables the AWS SDKs
 * read (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_ENDPOINT_URL_S3` with its `https://`, and
 * `S3_BUCKET` with the generated bucket name), or as files of the same names.
 *
 * The platform keeps the keys in the tenant namespace on the Hikube API (keys `accessKey`, `secretKey`,
 * `endpoint` without scheme, `bucketName`) and copies no Secret into tenant clusters, so the Secret the
 * workload reads is created by hand: `secretCommands()` prints the commands. The library never sees the keys.
 */
export class BucketAccess extends Construct {
  /** Variable (or file) holding the access key id. */
  public static readonly ACCESS_KEY_ID = 'AWS_ACCESS_KEY_ID';
  /** Variable (or file) holding the secret access key. */
  public static readonly SECRET_ACCESS_KEY = 'AWS_SECRET_ACCESS_KEY';
  /** Variable (or file) holding the S3 endpoint URL, `https://` included. */
  public static readonly ENDPOINT_URL = 'AWS_ENDPOINT_URL_S3';
  /** Variable (or file) holding the bucket's generated S3 name. */
  public static readonly BUCKET = 'S3_BUCKET';

  /** The Secret the workload reads, in `namespace`. */
  public readonly secretName: string;
  /** Namespace of the workload and its Secret in the tenant cluster. */
  public readonly namespace: string;
  private readonly credentials: BucketCredentials;
  private readonly chart: TenantClusterChart;

  /**
   * @param scope the construct this one is added to
   * @param id its id, unique within the scope
   * @param props the bucket user, the workload and how it gets the keys
   */
  public constructor(scope: Construct, id: string, props: BucketAccessProps) {
    super(scope, id);
    checkProps(this, undefined, 'BucketAccessProps', props);
    this.chart = TenantClusterChart.enclosing(this);
    const workload = checkWorkload(this, 'workload', props.workload);
    this.credentials = props.credentials;
    this.secretName = props.secretName ?? `${props.credentials.bucketName}-${props.credentials.user}-s3`;
    this.namespace = workload.apiObject.metadata.namespace ?? 'default';
    const nameProblem = checkSubdomain('HK-BUCKET-ACCESS', 'secretName', this.secretName, 'a Secret name');
    if (nameProblem) throw invalidAll(this, [nameProblem]);
    if (props.mountPath !== undefined && !/^\/[^:\s]*$/.test(props.mountPath)) {
      throw invalid('HK-BUCKET-ACCESS', this, 'mountPath', props.mountPath, 'expected an absolute path without ":" or spaces');
    }
    const containers: any[] = renderedPodTemplate(this, workload).spec?.containers ?? [];
    const indexes = props.container === undefined ? containers.map((_, i) => i) : [containers.findIndex((c) => c.name === props.container)];
    if (indexes.length === 0 || indexes[0] < 0) {
      throw invalid('HK-BUCKET-ACCESS', this, 'container', props.container, `the workload has the containers ${containers.map((c) => c.name).join(', ') || 'none'}`);
    }
    if (props.mountPath === undefined) {
      for (const i of indexes) appendInPodTemplate(this, workload, ['spec', 'containers', String(i), 'envFrom'], [{ secretRef: { name: this.secretName } }]);
    } else {
      this.mount(workload, indexes, props.mountPath);
    }
  }

  /**
   * The manual step that creates the Secret the workload reads: commands that read the user's keys on the
   * Hikube API, fetch the cluster's admin kubeconfig and create the Secret in the workload's namespace, the
   * endpoint given its `https://`. Run it once, and again when the keys change.
   */
  public secretCommands(): string {
    const cluster = this.chart.cluster;
    const kubeconfig = cluster._kubeconfigStep();
    const inside = `kubectl --kubeconfig ${kubeconfig.file}`;
    const c = this.credentials;
    return [
      `ACCESS_KEY=$(${c.readCommand(BucketCredentials.ACCESS_KEY)})`,
      `SECRET_KEY=$(${c.readCommand(BucketCredentials.SECRET_KEY)})`,
      `ENDPOINT=$(${c.readCommand(BucketCredentials.ENDPOINT)})`,
      `BUCKET=$(${c.readCommand(BucketCredentials.BUCKET_NAME)})`,
      kubeconfig.command,
      `printf '${BucketAccess.ACCESS_KEY_ID}=%s\\n${BucketAccess.SECRET_ACCESS_KEY}=%s\\n${BucketAccess.ENDPOINT_URL}=https://%s\\n${BucketAccess.BUCKET}=%s\\n' "$ACCESS_KEY" "$SECRET_KEY" "$ENDPOINT" "$BUCKET" | ${inside} -n ${this.namespace} create secret generic ${this.secretName} --from-env-file=/dev/stdin`,
    ].join('\n');
  }

  private mount(workload: CheckedWorkload, indexes: number[], mountPath: string): void {
    const volume = dnsLabelFrom(this.secretName)!;
    appendInPodTemplate(this, workload, ['spec', 'volumes'], [{ name: volume, secret: { secretName: this.secretName } }]);
    for (const i of indexes) {
      appendInPodTemplate(this, workload, ['spec', 'containers', String(i), 'volumeMounts'], [{ name: volume, mountPath, readOnly: true }]);
    }
  }
}
