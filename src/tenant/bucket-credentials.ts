import type { HikubeCluster } from './hikube-cluster';
import { DNS1035_LABEL, DNS1123_LABEL, invalidAll, problem, type Finding } from '../model/validation';

/** Namespace of the tenant cluster that the Velero add-on runs in; its locations and credentials live there. */
export const VELERO_NAMESPACE = 'cozy-velero';
/** The Hikube S3 endpoint, shared by every bucket. */
export const HIKUBE_S3_ENDPOINT = 'https://prod.s3.hikube.cloud';
/** Key of the Velero credentials Secret: the chart mounts it as the AWS shared credentials file `cloud`. */
export const VELERO_CREDENTIALS_KEY = 'cloud';

/** Which bucket user's credentials to refer to. */
export interface BucketCredentialsProps {
  /** Tenant namespace of the bucket on the Hikube API. */
  readonly tenantNamespace: string;
  /** Name of the `Bucket` application (not the generated S3 name). */
  readonly bucketName: string;
  /** A user the bucket declares in `spec.users`. */
  readonly user: string;
  /**
   * Whether the user was declared read-only.
   * @default false
   */
  readonly readOnly?: boolean;
}

/**
 * A reference to the credentials the platform generates for one user of a bucket: the Secret
 * `bucket-<bucket>-<user>-credentials` in the tenant namespace on the Hikube API, readable there as a
 * `TenantSecret`, with the keys `accessKey`, `secretKey`, `bucketName` (the generated S3 name,
 * `bucket-<uid>`) and `endpoint` (without `https://`). Nothing here reads or writes the Secret: it is
 * created at provisioning and never appears in synthesized YAML.
 */
export class BucketCredentials {
  /** Key of the S3 access key id. */
  public static readonly ACCESS_KEY = 'accessKey';
  /** Key of the S3 secret access key. */
  public static readonly SECRET_KEY = 'secretKey';
  /** Key of the S3 bucket name generated at provisioning (`bucket-<uid>`). */
  public static readonly BUCKET_NAME = 'bucketName';
  /** Key of the S3 endpoint host (no scheme). */
  public static readonly ENDPOINT = 'endpoint';

  /**
   * Credentials of a bucket user, e.g. of a bucket managed outside this app. Throws on invalid names.
   * @param props the bucket and user whose credentials these are
   */
  public static of(props: BucketCredentialsProps): BucketCredentials {
    const errors = [
      !(typeof props.tenantNamespace === 'string' && DNS1123_LABEL.test(props.tenantNamespace)) && problem('HK-BUCKET', 'tenantNamespace', props.tenantNamespace, 'expected a namespace name'),
      !(typeof props.bucketName === 'string' && DNS1035_LABEL.test(props.bucketName)) && problem('HK-BUCKET', 'bucketName', props.bucketName, 'expected the name of a Bucket application (a DNS-1035 label)'),
      !(typeof props.user === 'string' && DNS1123_LABEL.test(props.user)) && problem('HK-BUCKET', 'user', props.user, 'expected a user name of the bucket (a DNS label)'),
    ].filter((e): e is Finding => typeof e === 'object');
    if (errors.length > 0) throw invalidAll('BucketCredentials', errors);
    return new BucketCredentials(props.tenantNamespace, props.bucketName, props.user, props.readOnly ?? false);
  }

  private constructor(
    /** Tenant namespace of the bucket. */
    public readonly tenantNamespace: string,
    /** Name of the `Bucket` application. */
    public readonly bucketName: string,
    /** The bucket user. */
    public readonly user: string,
    /** Whether the user may only read. */
    public readonly readOnly: boolean) {}

  /** Name of the Secret holding the credentials, in the tenant namespace on the Hikube API. */
  public get secretName(): string {
    return `bucket-${this.bucketName}-${this.user}-credentials`;
  }

  /**
   * The command that prints one key of the credentials (run against the Hikube API).
   * @param key a key of the credentials Secret
   */
  public readCommand(key: string): string {
    return `kubectl -n ${this.tenantNamespace} get tenantsecret ${this.secretName} -o jsonpath='{.data.${key}}' | base64 -d`;
  }

  /**
   * The manual step that gives Velero these credentials: commands that read the keys on the Hikube API,
   * fetch the cluster's admin kubeconfig and create the Secret `secretName` (key `cloud`, an AWS
   * credentials file) in the tenant cluster's `cozy-velero` namespace. The platform copies no Secret
   * into tenant clusters, so this step stays manual; run it once, and again when the keys change.
   * @param cluster the cluster Velero runs in
   * @param secretName the Secret to create in the add-on's `cozy-velero` namespace
   */
  public veleroSecretCommands(cluster: HikubeCluster, secretName: string): string {
    const kubeconfig = cluster._kubeconfigStep();
    const inside = `kubectl --kubeconfig ${kubeconfig.file}`;
    return [
      `ACCESS_KEY=$(${this.readCommand(BucketCredentials.ACCESS_KEY)})`,
      `SECRET_KEY=$(${this.readCommand(BucketCredentials.SECRET_KEY)})`,
      kubeconfig.command,
      `${inside} create namespace ${VELERO_NAMESPACE} --dry-run=client -o yaml | ${inside} apply -f -`,
      `printf '[default]\\naws_access_key_id=%s\\naws_secret_access_key=%s\\n' "$ACCESS_KEY" "$SECRET_KEY" | ${inside} -n ${VELERO_NAMESPACE} create secret generic ${secretName} --from-file=${VELERO_CREDENTIALS_KEY}=/dev/stdin`,
    ].join('\n');
  }
}
