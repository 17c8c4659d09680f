"""Mistakes Python users make, run against the library's real Python package (`npx projen test:languages`).

Every case either fails with an error that names the field (in the Python or the TypeScript spelling),
or synthesizes YAML that holds every setting it was given. Nothing may synthesize with a setting missing.

POSITIONS lists every place of the public API where a value class sits in a list or a map (the places
where a plain dict used to lose its keys on the way through jsii); each gets the same mistakes, generated
below. `test/docs/collections.test.ts` checks that POSITIONS names exactly the assembly's positions, and
the runner checks that each has every kind of case.

The second section is about meaning, not shape: values of the right types that the platform would still
refuse or mis-handle (a restore of a namespace its schedule never backs up, a token in a Git URL, a pod no
node can hold), written as a Python user writes them. Each refused case names the rule it is about, and its
error must name the construct path and the field (in the Python spelling where it differs) with the
finding; each rule family also has a valid neighbour that synthesizes. The runner checks that every family
of the catalog's checks across objects has its cases.

Prints a JSON report: one entry per case with its position, kind, outcome and whether it passed (and, for
the cases of meaning, their family and rule).
"""
import json
import sys
import traceback

import cdk8s_plus_28 as kplus
from cdk8s import ApiObject, App, JsonPatch, Size
from cdk8s_hikube import (
    ApiServerVolume, ApiServerVolumeMount, BackupSchedule, Bucket, BucketUser, CertManager, ClusterImages, ControlPlaneOptions,
    ExposedService, FluentBit, FluentBitFilter, FluentBitOutput, FluentBitParser, FluentBitParserFormat,
    FluentBitSecretKey, Flux, FluxBootstrapSource, GitOpsSync, GrepRule, HikubeCluster, IngressNginx,
    InstanceType, LetsEncryptIssuer, NamespaceQuota, NodeGroupSpec, NodeResources, NodeRole, OidcMode,
    OidcOptions, OidcRole, OidcUser, PlatformLine, PodSecurity, Restore, SecureNamespace, TenantClusterChart,
    Velero, VeleroBackupLocation, Zone,
)


def cluster(app, **props):
    return HikubeCluster(app, "prod", tenant_namespace="tenant-acme", platform_line=PlatformLine.V1_6, **props)


def fluent_bit(app, **props):
    inside = TenantClusterChart(app, "inside", cluster=cluster(app))
    return FluentBit(inside, "logs", **{"outputs": [FluentBitOutput.stdout()], **props})


class Position:
    """A list or map of value classes: how to put one value there, and one value's options."""

    def __init__(self, name, python_name, cls, place, options, camel, misspelt, contains):
        self.name = name
        self.names = (python_name, name.split(".")[1])
        self.cls = cls
        self.place = place
        self.options = options
        self.camel = camel
        self.misspelt = misspelt
        self.contains = contains


POSITIONS = [
    Position("HikubeClusterProps.nodeGroups", "node_groups", NodeGroupSpec,
             lambda app, v: cluster(app, node_groups={"general": v}),
             dict(min_replicas=1, max_replicas=3, instance_type=InstanceType.S1_LARGE, disk_size=Size.gibibytes(50)),
             {"minReplicas": 1, "maxReplicas": 3, "instanceType": InstanceType.S1_LARGE, "diskSize": Size.gibibytes(50)},
             ("max_replica", "maxReplica"),
             ["instanceType: s1.large", "minReplicas: 1", "maxReplicas: 3", "diskSize: 50Gi"]),
    Position("ControlPlaneOptions.apiServerExtraVolumes", "api_server_extra_volumes", ApiServerVolume,
             lambda app, v: cluster(app, control_plane=ControlPlaneOptions(
                 api_server_extra_volumes=[v],
                 api_server_extra_volume_mounts=[ApiServerVolumeMount.of(name="audit", mount_path="/etc/audit")])),
             dict(name="audit", config_map="audit-policy"),
             {"name": "audit", "configMap": "audit-policy"},
             ("config_mp", "configMp"),
             ["name: audit-policy"]),
    Position("ControlPlaneOptions.apiServerExtraVolumeMounts", "api_server_extra_volume_mounts", ApiServerVolumeMount,
             lambda app, v: cluster(app, control_plane=ControlPlaneOptions(
                 api_server_extra_volumes=[ApiServerVolume.of(name="audit", config_map="audit-policy")],
                 api_server_extra_volume_mounts=[v])),
             dict(name="audit", mount_path="/etc/audit", read_only=False),
             {"name": "audit", "mountPath": "/etc/audit", "readOnly": False},
             ("mount_pth", "mountPth"),
             ["mountPath: /etc/audit", "readOnly: false"]),
    Position("OidcOptions.users", "users", OidcUser,
             lambda app, v: cluster(app, oidc=OidcOptions(mode=OidcMode.SYSTEM, users=[v])),
             dict(email="ops@acme.example", role=OidcRole.VIEW),
             {"email": "ops@acme.example", "role": OidcRole.VIEW},
             ("emial", "emial"),
             ["email: ops@acme.example", "role: view"]),
    Position("BucketProps.users", "users", BucketUser,
             lambda app, v: Bucket(cluster(app), "backups", users={"velero": v}),
             dict(read_only=True),
             {"readOnly": True},
             ("read_onl", "readOnl"),
             ["users:\n    velero:\n      readonly: true"]),
    Position("FluentBitProps.parsers", "parsers", FluentBitParser,
             lambda app, v: fluent_bit(app, parsers=[v]),
             dict(name="app", format=FluentBitParserFormat.JSON, time_key="time", time_format="%Y-%m-%dT%H:%M:%S%z"),
             {"name": "app", "format": FluentBitParserFormat.JSON, "timeKey": "time", "timeFormat": "%Y-%m-%dT%H:%M:%S%z"},
             ("time_fromat", "timeFromat"),
             ["- name: app", "time_key: time", 'time_format: "%Y-%m-%dT%H:%M:%S%z"']),
    Position("GrepFilterOptions.include", "include", GrepRule,
             lambda app, v: fluent_bit(app, filters=[FluentBitFilter.grep(include=[v])]),
             dict(key="log", regex="error"),
             {"key": "log", "regex": "error"},
             ("regx", "regx"),
             ["regex:\n            - log error"]),
    Position("GrepFilterOptions.exclude", "exclude", GrepRule,
             lambda app, v: fluent_bit(app, filters=[FluentBitFilter.grep(exclude=[v])]),
             dict(key="log", regex="debug"),
             {"key": "log", "regex": "debug"},
             ("regx", "regx"),
             ["exclude:\n            - log debug"]),
    Position("HttpOutputOptions.secretHeaders", "secret_headers", FluentBitSecretKey,
             lambda app, v: fluent_bit(app, outputs=[FluentBitOutput.http(host="logs.acme.example", secret_headers={"Authorization": v})]),
             dict(secret_name="http-auth", key="header"),
             {"secretName": "http-auth", "key": "header"},
             ("secret_nme", "secretNme"),
             ["key: header\n                  name: http-auth"]),
    Position("CustomOutputOptions.secretProperties", "secret_properties", FluentBitSecretKey,
             lambda app, v: fluent_bit(app, outputs=[FluentBitOutput.of(
                 "datadog", {"Host": "http-intake.logs.datadoghq.eu"}, secret_properties={"apikey": v})]),
             dict(secret_name="datadog", key="api-key"),
             {"secretName": "datadog", "key": "api-key"},
             ("secret_nme", "secretNme"),
             ["key: api-key\n                  name: datadog"]),
]

CASES = []


def case(position, kind, build, error=None, contains=None, **extra):
    """`error`: names of which the error must contain one; `contains`: YAML the valid output must contain."""
    CASES.append(dict(position=position, kind=kind, build=build, error=error, contains=contains, **extra))


for p in POSITIONS:
    def place(value, p=p):
        return lambda app: p.place(app, value)

    def of(options, p=p):
        return lambda app: p.place(app, p.cls.of(**options))

    case(p.name, "snake_case dict", place(dict(p.options)), error=p.names)
    case(p.name, "misspelt key", place({**p.camel, p.misspelt[1]: next(iter(p.camel.values()))}), error=p.names)
    case(p.name, "unknown key", place({**p.camel, "colour": "blue"}), error=p.names)
    case(p.name, "dict for a class", place(dict(p.camel)), error=p.names)
    case(p.name, "None for a class", place(None), error=p.names)
    case(p.name, "keywords", of(p.options), contains=p.contains)
    case(p.name, "misspelt keyword", of({**p.options, p.misspelt[0]: next(iter(p.options.values()))}), error=(p.misspelt[0],))
    case(p.name, "unknown keyword", of({**p.options, "colour": "blue"}), error=("colour",))
    camel_keys = tuple(k for k in p.camel if k not in p.options)
    if camel_keys:
        case(p.name, "camelCase keywords", of(p.camel), error=camel_keys)
    case(p.name, "options as a positional dict", lambda app, p=p: p.place(app, p.cls.of(dict(p.options))), error=("positional",))

# Strings where a catalog class or an enum is expected, inside the value classes and around them.
case(None, "catalog as a string", lambda app: cluster(app, node_groups={"g": NodeGroupSpec.of(instance_type="s1.large")}), error=("instance_type", "instanceType"))
case(None, "catalog list as strings", lambda app: cluster(app, node_groups={"g": NodeGroupSpec.of(roles=["ingress-nginx"])}), error=("roles",))
case(None, "size as a string", lambda app: cluster(app, node_groups={"g": NodeGroupSpec.of(disk_size="50Gi")}), error=("disk_size", "diskSize"))
case(None, "enum as a string", lambda app: cluster(app, oidc=OidcOptions(mode=OidcMode.SYSTEM, users=[OidcUser.of(email="ops@acme.example", role="view")])), error=("role",))
case(None, "enum as a string", lambda app: fluent_bit(app, parsers=[FluentBitParser.of(name="app", format="json")]), error=("format",))
case(None, "catalog as a string", lambda app: cluster(app, version="v1.33"), error=("version",))
case(None, "catalog as a string", lambda app: HikubeCluster(app, "prod", tenant_namespace="tenant-acme", platform_line="v1.6"), error=("platform_line", "platformLine"))
case(None, "required value None", lambda app: fluent_bit(app, filters=[FluentBitFilter.grep(include=[GrepRule.of(key=None, regex="x")])]), error=("key",))
case(None, "None for an optional value", lambda app: cluster(app, node_groups={"g": NodeGroupSpec.of(min_replicas=None, max_replicas=2)}), contains=["minReplicas: 0", "maxReplicas: 2"])

# Options passed directly (not inside a list or map) may be dicts: jsii turns them into the struct with the
# Python keyword names, so snake_case keys work and every other key is refused by name.
case(None, "struct dict, snake_case keys", lambda app: cluster(app, control_plane={"replicas": 3, "api_server_extra_args": ["--v=4"]}), contains=["replicas: 3", "- --v=4"])
case(None, "struct dict, camelCase key", lambda app: cluster(app, control_plane={"replicas": 3, "apiServerExtraArgs": ["--v=4"]}), error=("apiServerExtraArgs",))
case(None, "struct dict, misspelt key", lambda app: cluster(app, control_plane={"replica": 3}), error=("replica",))
case(None, "nested struct dict, camelCase key", lambda app: cluster(app, node_groups={"g": NodeGroupSpec.of(resources={"CPU": 4})}), error=("CPU",))
case(None, "direct options, camelCase keyword", lambda app: cluster(app, nodeGroups={}), error=("nodeGroups",))
case(None, "addNodeGroup keywords", lambda app: cluster(app).add_node_group("batch", min_replicas=0, max_replicas=4, instance_type=InstanceType.U1_XLARGE),
     contains=["batch:", "instanceType: u1.xlarge", "maxReplicas: 4"])
case(None, "addNodeGroup misspelt keyword", lambda app: cluster(app).add_node_group("batch", max_replica=4), error=("max_replica",))

# Values the library refuses itself: the field is named in both spellings.
case(None, "library rule", lambda app: cluster(app, node_groups={"g": NodeGroupSpec.of(min_replicas=5, max_replicas=1)}),
     error=("nodeGroups.g.minReplicas (Python: node_groups.g.min_replicas)",))
case(None, "library rule", lambda app: fluent_bit(app, parsers=[FluentBitParser.of(name="app", format=FluentBitParserFormat.JSON, time_format="%s")]),
     error=("parsers[0].timeFormat (Python: parsers[0].time_format)",))
case(None, "library rule", lambda app: cluster(app, node_groups={"g": NodeGroupSpec.of(roles=[NodeRole.of("no spaces")])}),
     error=("nodeGroups.g.roles",))


# ---- Mistakes of meaning: values of the right types that the platform would refuse or mis-handle ----------

BUCKET = "bucket-6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab"
FLEET = "https://git.acme.example/fleet.git"


def meaning(family, rule, build, names=None, contains=None, strict=False):
    """A case of meaning. Refused (`rule` set): the error must contain every one of `names`, the construct
    path and field first. Valid neighbour (`rule` None): the YAML must contain every one of `contains`.
    `strict`: the app runs in strict mode (`hikube:strict`), where the rule's warnings are errors, as in CI."""
    case(None, "meaning", build, error=tuple(names) if names else None, contains=contains,
         family=family, rule=rule, all_of=rule is not None, strict=strict)


def tenant(app, id="prod", **props):
    """A cluster on v1.6 with one node group md0 that runs ingress-nginx, so it warns about nothing itself."""
    return HikubeCluster(app, id, tenant_namespace="tenant-acme", platform_line=PlatformLine.V1_6,
                         node_groups={"md0": NodeGroupSpec.of(instance_type=InstanceType.U1_LARGE, min_replicas=1, max_replicas=3,
                                                              roles=[NodeRole.INGRESS_NGINX])},
                         **props)


def inside(app, id="prod", **props):
    """The tenant-cluster chart of a cluster with cert-manager, ingress-nginx, Flux and Velero writing to a bucket."""
    addons = [CertManager(), IngressNginx(hosts=["shop.acme.example"]), Flux(),
              Velero(backup_location=VeleroBackupLocation(s3_bucket_name=BUCKET, credentials_secret="velero-bucket", prefix=id))]
    return TenantClusterChart(app, f"{id}-inside", cluster=tenant(app, id, addons=addons, **props))


def deployment(chart, id="web", namespace="shop", port=8080, replicas=None, cpu=None):
    resources = kplus.ContainerResources(cpu=kplus.CpuResources(request=cpu, limit=cpu)) if cpu else None
    return kplus.Deployment(chart, id, metadata={"namespace": namespace}, replicas=replicas, containers=[kplus.ContainerProps(
        image="registry.acme.example/web:1", port_number=port, resources=resources,
        security_context=PodSecurity.restricted_container_context())])


def with_shop(chart):
    """The chart creates namespace shop."""
    kplus.Namespace(chart, "shop-namespace", metadata={"name": "shop"})
    return chart


def nightly(app, namespaces=("shop",)):
    chart = with_shop(inside(app))
    return chart, BackupSchedule(chart, "nightly", namespaces=list(namespaces))


def restore(app, **props):
    chart, schedule = nightly(app)
    props = {k: (schedule if v is nightly else v) for k, v in props.items()}
    return Restore(chart, "back", **props)


def pinned(app, zone):
    web = deployment(inside(app))
    web.scheduling.attract(kplus.Node.labeled(kplus.NodeLabelQuery.is_("topology.kubernetes.io/zone", zone)))


def quota(app, cpus):
    chart = inside(app)
    SecureNamespace(chart, "shop", quota=NamespaceQuota(requests_cpu=kplus.Cpu.units(cpus)))
    deployment(chart, replicas=3, cpu=kplus.Cpu.millis(500))


def storage_class(app, default):
    """A StorageClass of its own; fields ApiObjectProps lacks go in by JSON patch."""
    fast = ApiObject(inside(app), "fast", api_version="storage.k8s.io/v1", kind="StorageClass",
                     metadata={"name": "fast", "annotations": {"storageclass.kubernetes.io/is-default-class": default}})
    fast.add_json_patch(JsonPatch.add("/provisioner", "csi.kubevirt.io"))


def config_map(app, kib, annotations=None):
    """A ConfigMap holding `kib` KiB of data, with `annotations`."""
    kplus.ConfigMap(inside(app), "blob", metadata={"name": "blob", "namespace": "default", "annotations": annotations or {}},
                    data={"blob": "x" * (kib * 1024)})


def bootstrapped(app, *paths):
    for i, path in enumerate(paths):
        tenant(app, ["prod", "staging"][i], addons=[Flux(bootstrap=FluxBootstrapSource(url=FLEET, path=path))])


def two_syncs(app, first, second):
    chart = inside(app)
    GitOpsSync(chart, "apps", url=FLEET, path=first)
    GitOpsSync(chart, "more", url=FLEET + "/", path=second)


def exposed(app, port=8080, api_host=None, twice=False):
    """A web Deployment served on shop.acme.example (a second time when `twice`); `api_host`: the cluster's API server host."""
    chart = inside(app, **({"host": api_host} if api_host else {}))
    web = deployment(chart)
    for id in ["shop", "again"][:2 if twice else 1]:
        ExposedService(chart, id, workload=web, port=port, host="shop.acme.example", plain_http=True)


def opened(app, port):
    """A secure namespace whose rule opens `port` of a Deployment listening on 8080."""
    chart = inside(app)
    SecureNamespace(chart, "shop").allow_ingress("from-edge", to=deployment(chart), from_namespace="edge", ports=[port])


def two_ingresses(app, staging_host):
    """Two clusters of one tenant; prod's ingress-nginx serves shop.acme.example, staging's the host given."""
    tenant(app, "prod", addons=[IngressNginx(hosts=["shop.acme.example"])])
    tenant(app, "staging", addons=[IngressNginx(hosts=[staging_host])])


def issuer_of(app, cluster_of_issuer):
    """An ExposedService of cluster b given the issuer created in the chart of `cluster_of_issuer`."""
    charts = {id: TenantClusterChart(app, f"{id}-inside", cluster=tenant(app, id, addons=[CertManager(), IngressNginx(hosts=[f"{id}.acme.example"])]))
              for id in ("a", "b")}
    issuer = LetsEncryptIssuer(charts[cluster_of_issuer], "le", email="ops@acme-shop.ch")
    ExposedService(charts["b"], "site", workload=deployment(charts["b"]), port=8080, host="b.acme.example", issuer=issuer)


def patched_disk(app, size):
    """A cluster whose node group's disk is set through a JSON patch of the tenant resource."""
    tenant(app).resource.add_json_patch(JsonPatch.replace("/spec/nodeGroups/md0/diskSize", size))


def backed_up(app, prod_prefix, staging_prefix):
    """Two clusters whose Velero writes to one bucket, at the prefixes given."""
    for id, prefix in (("prod", prod_prefix), ("staging", staging_prefix)):
        location = VeleroBackupLocation(s3_bucket_name=BUCKET, credentials_secret="velero-bucket", prefix=prefix)
        TenantClusterChart(app, f"{id}-inside", cluster=tenant(app, id, addons=[Velero(backup_location=location)]))


def small_group(app, mebibytes):
    """A cluster whose only node group has 1 CPU and `mebibytes` of memory."""
    resources = NodeResources(cpu=kplus.Cpu.units(1), memory=Size.mebibytes(mebibytes))
    HikubeCluster(app, "prod", tenant_namespace="tenant-acme", platform_line=PlatformLine.V1_6,
                  node_groups={"small": NodeGroupSpec.of(resources=resources)})


def changed_after_construction(app):
    """Lists and dicts the caller keeps and changes once the constructs have them."""
    chart, _ = nightly(app)
    namespaces = ["shop"]
    BackupSchedule(chart, "weekly", namespaces=namespaces, schedule="@weekly")
    namespaces.append("Not A Namespace")
    hosts = ["www.acme.example"]
    addons = [IngressNginx(hosts=hosts)]
    tenant(app, "staging", addons=addons)
    hosts.append("BAD HOST")
    addons.append("not an add-on")


# Backups and restores
meaning("backups", "HK-RESTORE-SOURCE", lambda app: restore(app, backup_name="nightly"),
        names=["[prod-inside/back] backupName (Python: backup_name): nightly is the name of a schedule", "pass fromSchedule"])
meaning("backups", "HK-RESTORE-NAMESPACE", lambda app: restore(app, from_schedule=nightly, namespaces=["billing"]),
        names=["[prod-inside/back] namespaces: schedule nightly never backs up namespace billing"])
meaning("backups", "HK-RESTORE-NAMESPACE", lambda app: restore(app, from_schedule=nightly, namespace_mapping={"shp": "shop"}),
        names=["[prod-inside/back] namespaceMapping.shp (Python: namespace_mapping.shp): schedule nightly never backs up namespace shp", "did you mean shop?"])
meaning("backups", "HK-BACKUP-NAMESPACE", lambda app: nightly(app, ["shp"]),
        names=["[prod-inside] Schedule nightly namespaces: namespace shp is created nowhere in the app for this cluster", "did you mean shop?"])
meaning("backups", "HK-BACKUP-SHARED", lambda app: backed_up(app, "backups", "backups"),
        names=["[staging] addons.velero.backupLocation.prefix (Python: addons.velero.backup_location.prefix): cluster prod (prod) already writes its backups to prefix backups"])
meaning("backups", "HK-BACKUP-COUNT", lambda app: BackupSchedule(with_shop(inside(app)), "often", namespaces=["shop"], schedule="@every 5m"), strict=True,
        names=['[prod-inside/often/Resource] schedule: "@every 5m" with a retention of 720h keeps about 8,640 backups', "an error in strict mode"])
meaning("backups", None, lambda app: restore(app, backup_name="nightly-20260101020000"), contains=["backupName: nightly-20260101020000"])
meaning("backups", None, lambda app: backed_up(app, "prod", "staging"), contains=["prefix: prod", "prefix: staging"])
meaning("backups", None, lambda app: restore(app, from_schedule=nightly, namespace_mapping={"shop": "shop-restored"}),
        contains=["scheduleName: nightly", "shop: shop-restored"])
meaning("backups", None, lambda app: BackupSchedule(with_shop(inside(app)), "hourly", namespaces=["shop"], schedule="@hourly"), strict=True,
        contains=['schedule: "@hourly"'])

# Secrets written in plain text
meaning("secrets", "HK-SECRET-IN-URL", lambda app: GitOpsSync(inside(app), "fleet", url="https://oauth2:glpat-abc@git.acme.example/fleet.git"),
        names=['[prod-inside/fleet] url: the URL carries the password after "oauth2:"', "secretName"])
meaning("secrets", "HK-SECRET-IN-URL", lambda app: GitOpsSync(inside(app), "fleet", url=FLEET + "?access_token=abc123"),
        names=["[prod-inside/fleet] url: the URL carries query key access_token"])
meaning("secrets", "HK-SECRET-IN-URL", lambda app: tenant(app, addons=[Flux(bootstrap=FluxBootstrapSource(url="https://deploy:hunter2@git.acme.example/fleet.git"))]),
        names=['[prod] addons.fluxcd.bootstrap.url: the URL carries the password after "deploy:"', "pullSecret"])
meaning("secrets", "HK-SECRET-PROPERTY", lambda app: FluentBit(inside(app), "logs", outputs=[FluentBitOutput.http(host="logs.acme.example", extra_properties={"http_passwd": "hunter2"})]),
        names=["[prod-inside/logs] outputs[0].http.http_passwd: property http_passwd of http holds a credential", "basicAuth"])
meaning("secrets", "HK-SECRET-PROPERTY", lambda app: FluentBit(inside(app), "logs", outputs=[FluentBitOutput.http(host="logs.acme.example", headers={"Authorization": "Basic Zm9v"})]),
        names=["[prod-inside/logs] outputs[0].http.header.Authorization: header Authorization carries a credential", "secretHeaders"])
meaning("secrets", "HK-SECRET-PROPERTY", lambda app: FluentBit(inside(app), "logs", outputs=[FluentBitOutput.of("datadog", {"Host": "http-intake.logs.datadoghq.eu", "apikey": "abc"})]),
        names=["[prod-inside/logs] outputs[0].datadog.apikey: property apikey of datadog holds a credential", "secretProperties"])
meaning("secrets", None, lambda app: GitOpsSync(inside(app), "fleet", url=FLEET, secret_name="fleet-git"), contains=["url: " + FLEET, "name: fleet-git"])
meaning("secrets", None, lambda app: GitOpsSync(inside(app), "fleet", url=FLEET + "?access_token=public", not_secrets=["access_token"]),
        contains=["url: " + FLEET + "?access_token=public"])
meaning("secrets", None, lambda app: FluentBit(inside(app), "logs", outputs=[FluentBitOutput.of(
    "datadog", {"Host": "http-intake.logs.datadoghq.eu"}, secret_properties={"apikey": FluentBitSecretKey.of(secret_name="datadog", key="api-key")})]),
    contains=["key: api-key\n                  name: datadog"])

# Ways into the cluster
meaning("exposure", "HK-EXPOSURE-PORT", lambda app: exposed(app, port=80),
        names=["[prod-inside/shop] port: 80 is not valid; the containers of Deployment prod-inside-web listen on 8080"])
meaning("exposure", "HK-HOST-OWNER", lambda app: exposed(app, twice=True),
        names=['[prod-inside/again] hosts: "shop.acme.example" is not valid; prod-inside/shop already serves it'])
meaning("exposure", "HK-API-HOST", lambda app: exposed(app, api_host="shop.acme.example"),
        names=['[prod-inside/shop] hosts: "shop.acme.example" is not valid; it is the API server host of cluster prod'])
meaning("exposure", None, lambda app: exposed(app, api_host="k8s.acme.example"), contains=["host: shop.acme.example", "targetPort: 8080"])

meaning("exposure", "HK-NETWORK-PORT", lambda app: opened(app, 80),
        names=["[prod-inside/shop] from-edge.ports: 80 is not valid; the containers of Deployment prod-inside-web listen on 8080, not 80"])
meaning("exposure", None, lambda app: opened(app, 8080), contains=["port: 8080"])
meaning("exposure", "HK-INGRESS-HOST-SHARED", lambda app: two_ingresses(app, "shop.acme.example"),
        names=["[staging] addons.ingressNginx.hosts: shop.acme.example (an ingress-nginx host of this cluster) is also an ingress-nginx host of cluster prod (prod)"])
meaning("exposure", None, lambda app: two_ingresses(app, "staging.acme.example"), contains=["- staging.acme.example"])

# Zones and what fits on the nodes
meaning("zones and pod fit", "HK-ZONE", lambda app: Zone.of("geneve"),
        names=['[Zone.of] name: "geneve" is not valid; Hikube has the zones geneva, lucerne, gland; did you mean geneva?'])
meaning("zones and pod fit", "HK-POD-FIT", lambda app: pinned(app, "geneve"),
        names=['[prod-inside] Deployment prod-inside-web affinity: {"topology.kubernetes.io/zone":"geneve"} is not valid; no node of cluster prod is in that zone', "did you mean geneva?"])
meaning("zones and pod fit", "HK-POD-FIT", lambda app: deployment(inside(app), cpu=kplus.Cpu.units(64)),
        names=['[prod-inside] Deployment prod-inside-web resources.requests: "64000m CPU', "no node group it may run on can allocate that"])
meaning("zones and pod fit", "HK-RESOURCES", lambda app: small_group(app, 64),
        names=['[prod] nodeGroups.small.resources.memory (Python: node_groups.small.resources.memory): "64Mi" is not valid; a worker needs at least 512Mi to boot'])
meaning("zones and pod fit", None, lambda app: pinned(app, "geneva"), contains=["- geneva"])
meaning("zones and pod fit", None, lambda app: small_group(app, 512), contains=["memory: 512Mi"])

# Storage, quotas, contacts and sizes the services enforce
meaning("claims", "HK-CLAIM-STORAGE-CLASS", lambda app: kplus.PersistentVolumeClaim(inside(app), "data", metadata={"namespace": "shop"}, storage=Size.gibibytes(10), storage_class_name="fast-ssd"),
        names=['[prod-inside] PersistentVolumeClaim prod-inside-data spec.storageClassName: "fast-ssd" is not valid'])
meaning("claims", None, lambda app: kplus.PersistentVolumeClaim(inside(app), "data", metadata={"namespace": "shop"}, storage=Size.gibibytes(10), storage_class_name="replicated"),
        contains=["storageClassName: replicated"])
meaning("quotas", "HK-QUOTA-FIT", lambda app: quota(app, 1),
        names=['[prod-inside/shop] quota.requestsCpu (Python: quota.requests_cpu): "1" is not valid; the workloads of namespace shop need at least 1500m of requests.cpu'])
meaning("quotas", None, lambda app: quota(app, 2), contains=['requests.cpu: "2"'])
meaning("issuers", "HK-ISSUER-CONTACT", lambda app: LetsEncryptIssuer(inside(app), "le", email="ops@example.com"),
        names=['[prod-inside/le] email: "ops@example.com" is not valid; Let\'s Encrypt refuses to register an account at example.com'])
meaning("issuers", None, lambda app: LetsEncryptIssuer(inside(app), "le", email="ops@acme-shop.ch"), contains=["email: ops@acme-shop.ch"])
meaning("issuers", "HK-ISSUER-CLUSTER", lambda app: issuer_of(app, "a"),
        names=['[b-inside/site] issuer: "a-inside/le" is not valid; the issuer is created for cluster a'])
meaning("issuers", None, lambda app: issuer_of(app, "b"), contains=["host: b.acme.example"])
meaning("escape hatches and images", "HK-DISK", lambda app: patched_disk(app, "-1Gi"),
        names=['[prod/Resource] spec.nodeGroups.md0.diskSize', '"-1Gi" is not valid; it is negative'])
meaning("escape hatches and images", "HK-IMAGE", lambda app: tenant(app, images=ClusterImages(kubectl="Registry Example/kubectl")),
        names=['[prod] images.kubectl: "Registry Example/kubectl" is not valid; expected an image reference'])
meaning("escape hatches and images", None, lambda app: patched_disk(app, "60Gi"), contains=["diskSize: 60Gi"])
meaning("escape hatches and images", None, lambda app: tenant(app, images=ClusterImages(kubectl="registry.acme.example/kubectl:v1.33.2")),
        contains=["kubectl: registry.acme.example/kubectl:v1.33.2"])
meaning("object sizes", "HK-OBJECT-SIZE", lambda app: config_map(app, 1600),
        names=["[prod-inside/blob/Resource] manifest: ConfigMap blob is 1.6 MiB"])
meaning("object sizes", "HK-OBJECT-SIZE", lambda app: config_map(app, 1, {"big": "x" * (300 * 1024)}),
        names=["[prod-inside/blob/Resource] metadata.annotations: the annotations of ConfigMap blob add up to 301 KiB"])
meaning("object sizes", None, lambda app: config_map(app, 1000), contains=["name: blob"])
meaning("default storage classes", "HK-DEFAULT-STORAGE-CLASS", lambda app: storage_class(app, "true"), strict=True,
        names=["[prod-inside/fast] metadata.annotations.storageclass.kubernetes.io/is-default-class: cluster prod already has a default StorageClass"])
meaning("default storage classes", None, lambda app: storage_class(app, "false"), strict=True, contains=['storageclass.kubernetes.io/is-default-class: "false"'])

# GitOps
meaning("gitops", "HK-GITOPS-SSH", lambda app: GitOpsSync(inside(app), "fleet", url="ssh://git@git.acme.example/fleet.git"),
        names=["[prod-inside/fleet] secretName (Python: secret_name): an ssh:// source needs a Secret with the private key"])
meaning("gitops", "HK-GITOPS-OWNER", lambda app: two_syncs(app, "apps", "./apps/"),
        names=["[prod-inside/more] path: GitOpsSync prod-inside/apps already applies path ./apps/"])
meaning("gitops", "HK-GITOPS-HTTP", lambda app: GitOpsSync(inside(app), "fleet", url="http://git.acme.example/fleet.git"), strict=True,
        names=["[prod-inside/fleet] url: http://git.acme.example/fleet.git is fetched over plain HTTP", "an error in strict mode"])
meaning("gitops", "HK-FLUX-SSH", lambda app: tenant(app, addons=[Flux(bootstrap=FluxBootstrapSource(url="ssh://git@git.acme.example/fleet.git"))]),
        names=["[prod] addons.fluxcd.bootstrap.pullSecret (Python: addons.fluxcd.bootstrap.pull_secret): an ssh:// source needs a Secret with the private key"])
meaning("gitops", "HK-FLUX-SHARED", lambda app: bootstrapped(app, "clusters", "./clusters"), strict=True,
        names=["[staging] addons.fluxcd.bootstrap.path: cluster prod (prod) is already bootstrapped from path ./clusters", "an error in strict mode"])
meaning("gitops", None, lambda app: GitOpsSync(inside(app), "fleet", url="ssh://git@git.acme.example/fleet.git", secret_name="fleet-key"),
        contains=["url: ssh://git@git.acme.example/fleet.git", "name: fleet-key"])
meaning("gitops", None, lambda app: two_syncs(app, "apps", "infra"), contains=["path: apps\n", "path: infra\n"])
meaning("gitops", None, lambda app: bootstrapped(app, "clusters/prod", "clusters/staging"), strict=True, contains=["path: clusters/prod", "path: clusters/staging"])

# Namespaces nothing creates
meaning("namespaces", "HK-NAMESPACE-UNKNOWN", lambda app: deployment(with_shop(inside(app)), namespace="shp"), strict=True,
        names=["[prod-inside/web/Resource] metadata.namespace: namespace shp is created nowhere in the app for cluster prod", "did you mean shop?"])
meaning("namespaces", None, lambda app: deployment(with_shop(inside(app))), strict=True, contains=["namespace: shop"])

# Charts of another app
meaning("charts of one app", "HK-CHART-SCOPE", lambda app: TenantClusterChart(app, "inside", cluster=tenant(App())),
        names=['[inside] cluster: "prod" is not valid; the cluster belongs to another App'])
meaning("charts of one app", None, lambda app: TenantClusterChart(app, "inside", cluster=tenant(app)), contains=["name: prod"])

# Names JavaScript objects have themselves: a node group, a label and a values key named constructor
meaning("names like constructor", None, lambda app: HikubeCluster(app, "prod", tenant_namespace="tenant-acme", platform_line=PlatformLine.V1_6,
        node_groups={"constructor": NodeGroupSpec.of(instance_type=InstanceType.U1_LARGE)}, labels={"constructor": "yes"},
        addons=[CertManager(values_override={"cert-manager": {"podLabels": {"constructor": "yes"}}})]),
        contains=["  nodeGroups:\n    constructor:\n", '  labels:\n    constructor: "yes"\n', 'podLabels:\n            constructor: "yes"\n'])

# What was checked is what is written: lists the caller changes after construction change nothing
meaning("changed after construction", None, changed_after_construction,
        contains=["    includedNamespaces:\n      - shop\n    snapshotMoveData", "      hosts:\n        - www.acme.example\n  nodeGroups:"])


def run(c):
    app = App()
    if c.get("strict"):
        app.node.set_context("hikube:strict", True)
    try:
        c["build"](app)
        yaml = app.synth_yaml()
    except Exception as e:  # the error is the outcome under test
        message = f"{type(e).__name__}: {e}"
        if c["error"] is None:
            return dict(outcome="error", passed=False, detail=message)
        named = (all if c.get("all_of") else any)(n in message for n in c["error"])
        # The line that names the field, or the first line, as the detail of a case that passed.
        line = next((l.strip() for l in message.splitlines() if any(n in l for n in c["error"])), message.splitlines()[0])
        return dict(outcome="error", passed=named, detail=message if not named else line[:300])
    if c["error"] is not None:
        return dict(outcome="synthesized", passed=False, detail="synthesized without an error; expected one naming " + " or ".join(c["error"]))
    missing = [f for f in c["contains"] if f not in yaml]
    return dict(outcome="synthesized", passed=not missing, detail=f"missing from the YAML: {missing}" if missing else "every setting is in the YAML")


report = []
for c in CASES:
    try:
        result = run(c)
    except Exception:  # a failure of the corpus itself, reported as a failed case
        result = dict(outcome="crash", passed=False, detail=traceback.format_exc())
    extra = {k: c[k] for k in ("family", "rule") if k in c}
    report.append(dict(position=c["position"], kind=c["kind"], **extra, **result))
json.dump(report, sys.stdout, indent=1)
