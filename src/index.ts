// Modules that also hold the library's internal helpers export their public types by name. The add-ons of the
// model come with the line table (platform-line), which lists them.
export * from './model/kubernetes-version';
export * from './model/instance-type';
export * from './model/gpu';
export { NodeRole } from './model/node-role';
export * from './model/resources-preset';
export * from './model/platform-line';
export { MaxUnhealthy, type NodeHealthCheckOptions } from './model/health-check';
export { type KubeletReservations, MemoryThreshold } from './model/kubelet';
export { type TalosOptions } from './model/talos';
export { OidcMode, type OidcOptions, OidcRole, OidcUser, type OidcUserOptions } from './model/oidc';
export * from './model/node-group';
export {
  ApiServerVolume, ApiServerVolumeMount, type ApiServerVolumeMountOptions, type ApiServerVolumeOptions, type ComponentSizing, ControlPlane,
  type ControlPlaneOptions, type ControlPlaneProps,
} from './model/control-plane';
export * from './tenant/hikube-cluster';
export * from './model/addons/addon';
export { Velero, type VeleroBackupLocation, type VeleroProps } from './tenant/velero';
export * from './tenant/tenant-resource';
export * from './model/zone';
export { type PlatformContext } from './cluster-api/platform-context';
export {
  KubevirtCsiStorageClasses, type KubevirtCsiStorageClassesProps, LinstorSnapshotClass, LinstorStorageClass, type LinstorStorageClassProps,
  TenantStorageClassInfo,
} from './cluster-api/storage-classes';
export * from './cluster-api/cluster-api-rendering';
export * from './in-cluster/tenant-cluster-chart';
export * from './in-cluster/lets-encrypt-issuer';
export * from './in-cluster/secure-namespace';
export { BackupSchedule, type BackupScheduleProps, ReplicatedVolumeClaim, type ReplicatedVolumeClaimProps } from './in-cluster/replicated-volume';
export * from './in-cluster/exposed-service';
export * from './in-cluster/gitops-sync';
export * from './in-cluster/pod-security';
export { type IWorkload } from './in-cluster/workload';
export * from './tenant/bucket';
export * from './in-cluster/gpu-job';
export * from './in-cluster/bucket-access';
export * from './tenant/tenant';
export { KubernetesNodes, type KubernetesNodesProps } from './tenant/kubernetes-nodes';
export { BucketCredentials, type BucketCredentialsProps } from './tenant/bucket-credentials';
export * from './in-cluster/restore';
export * from './in-cluster/gpu-workload';
export { type WorkloadEgressRule, type WorkloadIngressRule } from './in-cluster/workload-network-rules';
export { ImagePullSecrets } from './in-cluster/pull-secrets';
export * from './in-cluster/vertical-pod-autoscaler';
export * from './in-cluster/fluent-bit/fluent-bit';
export * from './in-cluster/fluent-bit/image';
export * from './in-cluster/fluent-bit/inputs';
export * from './in-cluster/fluent-bit/filters';
export * from './in-cluster/fluent-bit/outputs';
export * from './in-cluster/fluent-bit/secrets';
export * from './tenant/from-manifest-options';
export * from './synth/hikube-app';
export { PathMatch } from './in-cluster/exposure';
export { Gateway, type GatewayProps } from './in-cluster/gateway';
export * from './in-cluster/http-route';
export * from './in-cluster/grpc-route';
