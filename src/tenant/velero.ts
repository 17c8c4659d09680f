import { BucketCredentials, HIKUBE_S3_ENDPOINT, VELERO_CREDENTIALS_KEY, VELERO_NAMESPACE } from './bucket-credentials';
import type { Repair } from '../diagnostics/problems';
import { Addon, AddonContext, AddonFindings, AddonValuesOptions } from '../model/addons/addon';
import { valueAtPath } from '../model/addons/chart-values';
import type { AddonDescriptor } from '../model/addons/descriptor';
import { checkProps } from '../model/guard';
import { isPlainObject, pointerToken } from '../model/merge';
import { DNS1123_SUBDOMAIN, type Finding, finding, problem } from '../model/validation';

/** Where Velero writes backups: a Hikube bucket, through the S3 API. */
export interface VeleroBackupLocation {
  /**
   * The S3 name of the bucket, generated when the bucket is provisioned (`bucket-<uid>`, not the name of
   * the `Bucket` application). Read it from the bucket's credentials once the bucket exists:
   * `kubectl -n <tenant namespace> get tenantsecret bucket-<bucket>-<user>-credentials -o jsonpath='{.data.bucketName}' | base64 -d`
   * (`BucketCredentials.readCommand(BucketCredentials.BUCKET_NAME)` prints it). Placeholders are refused.
   */
  readonly s3BucketName: string;
  /**
   * Secret in the tenant cluster's `cozy-velero` namespace with the bucket user's keys as an AWS
   * credentials file under the key `cloud`. It is created by hand from the bucket's credentials
   * (`BucketCredentials.veleroSecretCommands()` prints the commands) and never written by this library.
   */
  readonly credentialsSecret: string;
  /**
   * The bucket user whose keys are in `credentialsSecret`; a read-only user is refused, since Velero
   * writes backups. It also gives the commands in error messages.
   * @default - not checked
   */
  readonly bucketCredentials?: BucketCredentials;
  /**
   * Name of the BackupStorageLocation; schedules and restores refer to it.
   * @default "default"
   */
  readonly name?: string;
  /**
   * Folder inside the bucket, so that one bucket can hold several clusters' backups.
   * @default - the bucket's root
   */
  readonly prefix?: string;
  /**
   * S3 endpoint, with its scheme.
   * @default Bucket.S3_ENDPOINT (https://prod.s3.hikube.cloud)
   */
  readonly endpoint?: string;
  /**
   * Region the S3 client signs requests for; Hikube has no regions, but the AWS plugin needs one.
   * @default "us-east-1"
   */
  readonly region?: string;
}

/** Options for Velero. */
export interface VeleroProps extends AddonValuesOptions {
  /**
   * Where backups go. Without it the platform's Velero has no backup location and every backup fails.
   * @default - none
   */
  readonly backupLocation?: VeleroBackupLocation;
}

/** How COSI names the S3 bucket of a `Bucket`: `bucket-` and the claim's UID. */
const GENERATED_BUCKET = /^bucket-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HTTPS_URL = /^https:\/\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:\d+)?\/?$/;
const PREFIX = /^[A-Za-z0-9][A-Za-z0-9._\-/]*[A-Za-z0-9]$|^[A-Za-z0-9]$/;

/**
 * Velero backups and restores in the tenant cluster (`addons.velero`). The platform installs it in the
 * tenant cluster's `cozy-velero` namespace with no backup location; `backupLocation` adds one.
 */
export class Velero extends Addon {
  /** Spec key of this add-on. */
  public static readonly KEY = 'velero';
  /** Namespace of the tenant cluster Velero runs in; schedules, restores and credentials go there. */
  public static readonly NAMESPACE = VELERO_NAMESPACE;

  /** Where backups go, if set. */
  public readonly backupLocation?: VeleroBackupLocation;

  /**
   * @param props the add-on's settings; `valuesOverride` is deep-merged over the platform's values
   */
  public constructor(props: VeleroProps = {}) {
    super(Velero.KEY, VELERO_ADDON.toggled, checkProps('Velero', undefined, 'VeleroProps', props).valuesOverride);
    this.backupLocation = props.backupLocation;
  }

  /** @internal */
  public get _descriptor(): AddonDescriptor {
    return VELERO_ADDON;
  }

  /** Name of the backup location, when there is one. */
  public get backupLocationName(): string | undefined {
    return this.backupLocation === undefined ? undefined : this.backupLocation.name ?? 'default';
  }

  /** @internal */
  public _typedValues(): Record<string, any> | undefined {
    const l = this.backupLocation;
    if (l === undefined) return undefined;
    return {
      velero: {
        // The server's default credentials file and the location's credential are the same Secret, so the
        // node agent's file-system backups and the object store both find the keys.
        credentials: { useSecret: true, existingSecret: l.credentialsSecret },
        configuration: {
          backupStorageLocation: [{
            name: this.backupLocationName,
            provider: 'aws',
            bucket: l.s3BucketName,
            ...(l.prefix !== undefined ? { prefix: l.prefix } : {}),
            default: true,
            accessMode: 'ReadWrite',
            credential: { name: l.credentialsSecret, key: VELERO_CREDENTIALS_KEY },
            config: { region: l.region ?? 'us-east-1', s3Url: l.endpoint ?? HIKUBE_S3_ENDPOINT, s3ForcePathStyle: 'true' },
          }],
        },
      },
    };
  }

  /** @internal */
  public _check(ctx: AddonContext): AddonFindings {
    const findings = super._check(ctx);
    const l = this.backupLocation;
    if (l === undefined) return findings;
    const f = `${ctx.field}.backupLocation`;
    const errors = findings.errors;
    if (l === null || typeof l !== 'object') {
      errors.push(problem('HK-VELERO', f, l, 'expected a backup location'));
      return findings;
    }
    if (typeof l.s3BucketName !== 'string' || !GENERATED_BUCKET.test(l.s3BucketName)) {
      const how = l.bucketCredentials instanceof BucketCredentials ? l.bucketCredentials.readCommand(BucketCredentials.BUCKET_NAME)
        : 'kubectl -n <tenant namespace> get tenantsecret bucket-<bucket>-<user>-credentials -o jsonpath=\'{.data.bucketName}\' | base64 -d';
      errors.push(problem('HK-VELERO', `${f}.s3BucketName`, l.s3BucketName, `the S3 name is generated when the bucket is provisioned ("bucket-" and a UID); read it with: ${how}`));
    }
    if (typeof l.credentialsSecret !== 'string' || l.credentialsSecret.length > 253 || !DNS1123_SUBDOMAIN.test(l.credentialsSecret)) {
      errors.push(problem('HK-VELERO', `${f}.credentialsSecret`, l.credentialsSecret, 'expected the name of a Secret in cozy-velero (a lower-case DNS name)'));
    }
    if (l.bucketCredentials !== undefined && !(l.bucketCredentials instanceof BucketCredentials)) {
      errors.push(problem('HK-VELERO', `${f}.bucketCredentials`, l.bucketCredentials, 'expected bucket.credentials(user)'));
    } else if (l.bucketCredentials?.readOnly) {
      errors.push(problem('HK-VELERO', `${f}.bucketCredentials`, l.bucketCredentials.user, `user ${l.bucketCredentials.user} of bucket ${l.bucketCredentials.bucketName} is read-only, and Velero writes backups; use a user without readOnly`));
    }
    const name = this.backupLocationName;
    if (typeof name !== 'string' || name.length > 63 || !DNS1123_SUBDOMAIN.test(name)) {
      errors.push(problem('HK-VELERO', `${f}.name`, name, 'expected a lower-case DNS name of at most 63 characters'));
    }
    if (l.prefix !== undefined && (typeof l.prefix !== 'string' || !PREFIX.test(l.prefix) || l.prefix.includes('//'))) {
      errors.push(problem('HK-VELERO', `${f}.prefix`, l.prefix, 'expected a folder path such as "clusters/prod", without leading or trailing "/"'));
    }
    if (l.endpoint !== undefined && (typeof l.endpoint !== 'string' || !HTTPS_URL.test(l.endpoint))) {
      errors.push(problem('HK-VELERO', `${f}.endpoint`, l.endpoint, `expected an https:// URL of the S3 host, such as ${HIKUBE_S3_ENDPOINT}`));
    }
    if (l.region !== undefined && (typeof l.region !== 'string' || !/^[a-z0-9-]+$/.test(l.region))) {
      errors.push(problem('HK-VELERO', `${f}.region`, l.region, 'expected a region name such as us-east-1'));
    }
    return findings;
  }
}

/**
 * Velero's release, which takes the override as it is. In this layer with its class: the line table names
 * it by key, and the tenant's add-on table gives this descriptor for it.
 */
export const VELERO_ADDON: AddonDescriptor<Velero> = {
  key: Velero.KEY,
  toggled: true,
  takesValues: true,
  chart: { charts: 'velero', keys: ['velero'] },
  shapeFindings: veleroShapes,
  releases: [{
    name: 'velero',
    component: 'velero',
    targetNamespace: 'cozy-velero',
    dependsOn: () => ['cilium'],
    values: (c) => {
      const values = c.override(Velero.KEY);
      return Object.keys(values).length > 0 ? values : undefined;
    },
  }],
  // The typed backup location reads back as the values it wrote, which render the same.
  fromManifest: ({ values }) => new Velero({ valuesOverride: values }),
  typedProps: () => ({}),
};

function veleroShapes(field: string, values: Record<string, any>): Finding[] {
  const path = ['velero', 'configuration', 'backupStorageLocation'];
  const location = valueAtPath(values, path);
  if (!isPlainObject(location)) return [];
  const pointer = `/spec/addons/velero/valuesOverride/${path.map(pointerToken).join('/')}`;
  const repair: Repair = {
    description: 'write the backup location as the only item of a list',
    operations: [{ op: 'replace', path: pointer, value: [location] }],
  };
  return [finding('HK-VALUES-SHAPE', `${field}.valuesOverride.${path.join('.')}`,
    'a map is not valid; the velero chart takes a list of locations (its schema says type: array), so the release fails to install: '
    + 'write backupStorageLocation: [{name, provider, bucket, config, ...}], or use the typed backupLocation option', { value: location, repair })];
}
