import { ApiObject, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { BucketCredentials, HIKUBE_S3_ENDPOINT } from './bucket-credentials';
import { HikubeCluster } from './hikube-cluster';
import { checkArgs, checkProps } from '../model/guard';
import { PlatformFeature, PlatformLine } from '../model/platform-line';
import { DNS1035_LABEL, DNS1123_LABEL, type Finding, finding, invalid, invalidAll, messageOf, problem, warn } from '../model/validation';

/** A user of a bucket. */
export interface BucketUserOptions {
  /**
   * Grant read access only.
   * @default false
   */
  readonly readOnly?: boolean;
}

/**
 * A user of a bucket, as `BucketProps.users` holds it: `BucketUser.of()` or `BucketUser.of({ readOnly: true })`.
 * A class, so that a Python dict in the map is refused instead of losing the keys jsii does not know
 * (see `NodeGroupSpec`).
 */
export class BucketUser {
  /**
   * A bucket user from its options, checked at once.
   *
   * @param options whether the user may only read
   */
  public static of(options: BucketUserOptions = {}): BucketUser {
    checkArgs('BucketUser.of', 'BucketUser', 'of', [options]);
    return new BucketUser(options);
  }

  /** The options as given. */
  public readonly options: BucketUserOptions;

  private constructor(options: BucketUserOptions) {
    this.options = options;
  }
}

/** Properties of a bucket. */
export interface BucketProps {
  /**
   * Name of the `Bucket` application: a DNS-1035 label of at most 46 characters.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Tenant namespace on the Hikube API.
   * @default - the namespace of the enclosing chart (a `HikubeCluster`'s tenant namespace)
   */
  readonly tenantNamespace?: string;
  /**
   * Platform line the bucket is rendered for.
   * @default - the line of the enclosing `HikubeCluster`, else `PlatformLine.DEFAULT`
   */
  readonly platformLine?: PlatformLine;
  /**
   * Users by name, each made by `BucketUser.of()`; each gets its own credentials Secret. Without users the
   * bucket has no credentials.
   * @default - none
   */
  readonly users?: { [name: string]: BucketUser };
  /**
   * Provision the bucket with S3 object lock.
   * @default false
   */
  readonly locking?: boolean;
  /**
   * Storage pool of the tenant's object storage to place the bucket in.
   * @default - the default pool
   */
  readonly storagePool?: string;
}

const API_VERSION = 'apps.cozystack.io/v1alpha1';
const KIND = 'Bucket';
/** The Helm release `bucket-<name>` must fit in 53 characters. */
const MAX_NAME = 46;
const SPEC_KEYS = ['locking', 'storagePool', 'users'];

/**
 * An S3-compatible bucket on Hikube (`apps.cozystack.io/v1alpha1` `Bucket`), applied to the Hikube API
 * in the tenant namespace, next to the cluster.
 *
 * The real S3 bucket name is generated when the bucket is provisioned (`bucket-<uid>`); it and the keys
 * are in each user's credentials Secret (`credentials(user)`), never in the synthesized YAML.
 */
export class Bucket extends Construct {
  /** The Hikube S3 endpoint. */
  public static readonly S3_ENDPOINT = HIKUBE_S3_ENDPOINT;

  /**
   * Problems of a parsed `Bucket` document for a platform line, as the platform and its value schema
   * see them (an empty list when the document is valid).
   * @param doc a parsed `Bucket` document
   * @param line the platform line to check it for
   */
  public static checkDocument(doc: any, line: PlatformLine): string[] {
    return bucketDocumentProblems(doc, line).map(messageOf);
  }


  /** Name of the `Bucket` application. */
  public readonly bucketName: string;
  /** Tenant namespace on the Hikube API. */
  public readonly tenantNamespace: string;
  /** Platform line the bucket is rendered for. */
  public readonly platformLine: PlatformLine;
  /** The `Bucket` resource. */
  public readonly resource: ApiObject;
  private readonly userOptions: { [name: string]: BucketUser };

  /**
   * @param scope the construct this one is added to
   * @param id its id, unique within the scope
   * @param props its settings
   */
  public constructor(scope: Construct, id: string, props: BucketProps = {}) {
    super(scope, id);
    checkProps(this, undefined, 'BucketProps', props);
    const cluster = enclosingCluster(this);
    this.bucketName = props.name ?? id;
    this.platformLine = props.platformLine ?? cluster?.platformLine ?? PlatformLine.DEFAULT;
    const namespace = props.tenantNamespace ?? Chart.of(this).namespace;
    if (namespace === undefined) {
      throw invalid('HK-BUCKET', this, 'tenantNamespace', namespace, 'place the bucket in a HikubeCluster (or a chart with a namespace), or pass tenantNamespace');
    }
    this.tenantNamespace = namespace;
    this.userOptions = props.users ?? {};
    const spec = {
      ...(props.locking !== undefined ? { locking: props.locking } : {}),
      ...(props.storagePool !== undefined ? { storagePool: props.storagePool } : {}),
      ...(props.users !== undefined ? { users: renderUsers(props.users) } : {}),
    };
    const doc = { apiVersion: API_VERSION, kind: KIND, metadata: { name: this.bucketName, namespace }, spec };
    // Every input is known now, so the bucket is checked once, the same way as a parsed document.
    const errors = bucketDocumentProblems(doc, this.platformLine);
    if (errors.length > 0) throw invalidAll(this, errors);
    if (Object.keys(this.userOptions).length === 0) {
      warn(this, finding('HK-BUCKET-NO-USERS', 'users', 'a bucket without users has no credentials; declare a user to read or write it'));
    }
    this.resource = new ApiObject(this, 'Resource', doc);
  }

  /** The users the bucket declares. */
  public get users(): string[] {
    return Object.keys(this.userOptions);
  }

  /**
   * The credentials of a declared user (a reference to its Secret in the tenant namespace).
   * @param user a user the bucket declares
   */
  public credentials(user: string): BucketCredentials {
    if (!this.platformLine.supports(PlatformFeature.BUCKET_USERS)) {
      throw invalid('HK-BUCKET', this, 'users', user, `per-user credentials are ${this.platformLine.describeAvailability(PlatformFeature.BUCKET_USERS)}`);
    }
    if (!(user in this.userOptions)) {
      throw invalid('HK-BUCKET', this, 'credentials', user, `declare the user in users first; the bucket has ${this.users.join(', ') || 'no users'}`);
    }
    const readOnly = this.userOptions[user].options.readOnly;
    return BucketCredentials.of({ tenantNamespace: this.tenantNamespace, bucketName: this.bucketName, user, readOnly });
  }
}

function renderUsers(users: { [name: string]: BucketUser }): unknown {
  return Object.fromEntries(Object.entries(users).map(([name, { options: o }]) => [name, o.readOnly === undefined ? {} : { readonly: o.readOnly }]));
}

function checkUsers(users: unknown, line: PlatformLine): Finding[] {
  if (users === null || typeof users !== 'object' || Array.isArray(users)) return [problem('HK-BUCKET', 'spec.users', users, 'expected a map of user name to {readonly: true|false}')];
  const entries = Object.entries(users);
  if (entries.length > 0 && !line.supports(PlatformFeature.BUCKET_USERS)) {
    return [finding('HK-LINE-FIELD', 'spec.users', `per-user credentials are ${line.describeAvailability(PlatformFeature.BUCKET_USERS)}`)];
  }
  const errors: Finding[] = [];
  for (const [name, options] of entries) {
    // The user name becomes part of object names (bucket-<name>-<user>-credentials).
    if (!DNS1123_LABEL.test(name) || name.length > 63) errors.push(problem('HK-BUCKET', 'spec.users', name, 'a user name must be a lower-case DNS label'));
    if (options === null || typeof options !== 'object' || Array.isArray(options)) {
      errors.push(problem('HK-BUCKET', `spec.users.${name}`, options, 'expected {readonly: true|false}'));
      continue;
    }
    for (const [key, value] of Object.entries(options)) {
      if (key !== 'readonly') errors.push(problem('HK-BUCKET', `spec.users.${name}.${key}`, value, 'a user has the field readonly only'));
      else if (typeof value !== 'boolean') errors.push(problem('HK-BUCKET', `spec.users.${name}.readonly`, value, 'expected true or false'));
    }
  }
  return errors;
}

function enclosingCluster(scope: IConstruct): HikubeCluster | undefined {
  for (let s: IConstruct | undefined = scope; s; s = s.node.scope) {
    // Chart makes `instanceof` match any chart, so the prototype chain is asked instead.
    if (HikubeCluster.prototype.isPrototypeOf(s)) return s as HikubeCluster;
  }
  return undefined;
}

/** The problems of a parsed `Bucket` document for a platform line, structured. */
function bucketDocumentProblems(doc: any, line: PlatformLine): Finding[] {
  const errors: Finding[] = [];
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return [problem('HK-BUCKET', 'document', doc, 'expected a Bucket object')];
  if (doc.apiVersion !== API_VERSION || doc.kind !== KIND) errors.push(problem('HK-BUCKET', 'apiVersion/kind', `${doc.apiVersion}/${doc.kind}`, `expected ${API_VERSION}/${KIND}`));
  for (const key of Object.keys(doc)) {
    if (!['apiVersion', 'kind', 'metadata', 'spec'].includes(key)) errors.push(problem('HK-BUCKET', key, doc[key], 'unknown top-level field'));
  }
  const name = doc.metadata?.name;
  if (typeof name !== 'string' || !DNS1035_LABEL.test(name) || name.length > MAX_NAME) {
    errors.push(problem('HK-BUCKET', 'metadata.name', name, `a bucket name must be a lower-case DNS-1035 label (starting with a letter) of at most ${MAX_NAME} characters`));
  }
  const namespace = doc.metadata?.namespace;
  if (typeof namespace !== 'string' || !DNS1123_LABEL.test(namespace)) {
    errors.push(problem('HK-BUCKET', 'metadata.namespace', namespace, 'expected the tenant namespace (a lower-case DNS label)'));
  }
  const spec = doc.spec ?? {};
  if (typeof spec !== 'object' || Array.isArray(spec)) return [...errors, problem('HK-BUCKET', 'spec', spec, 'expected a map')];
  for (const key of Object.keys(spec)) {
    if (key.startsWith('_')) errors.push(problem('HK-BUCKET', `spec.${key}`, spec[key], 'keys starting with "_" are reserved for values the platform injects'));
    else if (!SPEC_KEYS.includes(key)) errors.push(problem('HK-BUCKET', `spec.${key}`, spec[key], `a bucket has the fields ${SPEC_KEYS.join(', ')}`));
  }
  if (spec.locking !== undefined && typeof spec.locking !== 'boolean') errors.push(problem('HK-BUCKET', 'spec.locking', spec.locking, 'expected true or false'));
  if (spec.storagePool !== undefined && typeof spec.storagePool !== 'string') errors.push(problem('HK-BUCKET', 'spec.storagePool', spec.storagePool, 'expected a storage pool name'));
  if (spec.users !== undefined) errors.push(...checkUsers(spec.users, line));
  return errors;
}
