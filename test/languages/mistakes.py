"""Mistakes Python users make, run against the library's real Python package (`npx projen test:languages`).

Every case either fails with an error that names the field (in the Python or the TypeScript spelling),
or synthesizes YAML that holds every setting it was given. Nothing may synthesize with a setting missing.

POSITIONS lists every place of the public API where a value class sits in a list or a map (the places
where a plain dict used to lose its keys on the way through jsii); each gets the same mistakes, generated
below. `test/docs/collections.test.ts` checks that POSITIONS names exactly the assembly's positions, and
the runner checks that each has every kind of case.

Prints a JSON report: one entry per case with its position, kind, outcome and whether it passed.
"""
import json
import sys
import traceback

from cdk8s import App, Size
from cdk8s_hikube import (
    ApiServerVolume, ApiServerVolumeMount, Bucket, BucketUser, ControlPlaneOptions, FluentBit, FluentBitFilter,
    FluentBitOutput, FluentBitParser, FluentBitParserFormat, FluentBitSecretKey, GrepRule, HikubeCluster,
    InstanceType, NodeGroupSpec, NodeRole, OidcMode, OidcOptions, OidcRole, OidcUser, PlatformLine,
    TenantClusterChart,
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


def case(position, kind, build, error=None, contains=None):
    """`error`: names of which the error must contain one; `contains`: YAML the valid output must contain."""
    CASES.append(dict(position=position, kind=kind, build=build, error=error, contains=contains))


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


def run(c):
    app = App()
    try:
        c["build"](app)
        yaml = app.synth_yaml()
    except Exception as e:  # the error is the outcome under test
        message = f"{type(e).__name__}: {e}"
        if c["error"] is None:
            return dict(outcome="error", passed=False, detail=message)
        named = any(n in message for n in c["error"])
        return dict(outcome="error", passed=named, detail=message if not named else message.splitlines()[0][:300])
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
    report.append(dict(position=c["position"], kind=c["kind"], **result))
json.dump(report, sys.stdout, indent=1)
