import dev.cdk8s_hikube.ApiServerVolume;
import dev.cdk8s_hikube.ApiServerVolumeMount;
import dev.cdk8s_hikube.ApiServerVolumeMountOptions;
import dev.cdk8s_hikube.ApiServerVolumeOptions;
import dev.cdk8s_hikube.Bucket;
import dev.cdk8s_hikube.BucketUser;
import dev.cdk8s_hikube.BucketUserOptions;
import dev.cdk8s_hikube.ControlPlaneOptions;
import dev.cdk8s_hikube.CustomOutputOptions;
import dev.cdk8s_hikube.FluentBit;
import dev.cdk8s_hikube.FluentBitFilter;
import dev.cdk8s_hikube.FluentBitOutput;
import dev.cdk8s_hikube.FluentBitParser;
import dev.cdk8s_hikube.FluentBitParserFormat;
import dev.cdk8s_hikube.FluentBitParserOptions;
import dev.cdk8s_hikube.FluentBitSecretKey;
import dev.cdk8s_hikube.FluentBitSecretKeyOptions;
import dev.cdk8s_hikube.GrepFilterOptions;
import dev.cdk8s_hikube.GrepRule;
import dev.cdk8s_hikube.GrepRuleOptions;
import dev.cdk8s_hikube.HikubeCluster;
import dev.cdk8s_hikube.HttpOutputOptions;
import dev.cdk8s_hikube.InstanceType;
import dev.cdk8s_hikube.NodeGroupOptions;
import dev.cdk8s_hikube.NodeGroupSpec;
import dev.cdk8s_hikube.OidcMode;
import dev.cdk8s_hikube.OidcOptions;
import dev.cdk8s_hikube.OidcRole;
import dev.cdk8s_hikube.OidcUser;
import dev.cdk8s_hikube.OidcUserOptions;
import dev.cdk8s_hikube.PlatformLine;
import dev.cdk8s_hikube.TenantClusterChart;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.cdk8s.App;
import org.cdk8s.Size;

/**
 * Mistakes Java users make, run against the library's real Java classes (`npx projen test:languages`).
 *
 * Java's types keep dicts out of every struct position; what gets through is a raw Map cast into a
 * collection of value classes, where jsii used to turn it into the struct and drop the keys it did not
 * know. Every raw-map case must fail naming the field; every typed case must synthesize with each setting
 * in the YAML. Prints a JSON report like mistakes.py.
 */
@SuppressWarnings({"unchecked", "rawtypes"})
public final class JavaMistakes {
    interface Build {
        void run(App app);
    }

    record Case(String position, String kind, Build build, List<String> error, List<String> contains) {}

    static final List<Case> CASES = new ArrayList<>();

    static HikubeCluster.Builder cluster(App app) {
        return HikubeCluster.Builder.create(app, "prod").tenantNamespace("tenant-acme").platformLine(PlatformLine.V1_6);
    }

    static FluentBit.Builder fluentBit(App app) {
        TenantClusterChart inside = TenantClusterChart.Builder.create(app, "inside").cluster(cluster(app).build()).build();
        return FluentBit.Builder.create(inside, "logs").outputs(List.of(FluentBitOutput.stdout()));
    }

    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return out;
    }

    /** A position: how to put one value there, its value built with the factory, and the same as raw maps. */
    static void position(String name, BiConsumer<App, Object> place, Object typed, Map<String, Object> camel,
                         Map<String, Object> snake, String misspelt, List<String> contains) {
        String field = name.substring(name.indexOf('.') + 1);
        Map<String, Object> withTypo = new LinkedHashMap<>(camel);
        withTypo.put(misspelt, withTypo.remove(camel.keySet().iterator().next()));
        CASES.add(new Case(name, "factory", app -> place.accept(app, typed), null, contains));
        CASES.add(new Case(name, "raw map", app -> place.accept(app, camel), List.of(field), null));
        CASES.add(new Case(name, "raw map, snake_case keys", app -> place.accept(app, snake), List.of(field), null));
        CASES.add(new Case(name, "raw map, misspelt key", app -> place.accept(app, withTypo), List.of(field), null));
    }

    static void positions() {
        position("HikubeClusterProps.nodeGroups",
            (app, v) -> cluster(app).nodeGroups((Map) Map.of("general", v)).build(),
            NodeGroupSpec.of(NodeGroupOptions.builder().minReplicas(1).maxReplicas(3).instanceType(InstanceType.S1_LARGE).diskSize(Size.gibibytes(50)).build()),
            map("minReplicas", 1, "maxReplicas", 3, "instanceType", InstanceType.S1_LARGE),
            map("min_replicas", 1, "max_replicas", 3, "instance_type", InstanceType.S1_LARGE),
            "maxReplica", List.of("instanceType: s1.large", "minReplicas: 1", "maxReplicas: 3", "diskSize: 50Gi"));
        position("ControlPlaneOptions.apiServerExtraVolumes",
            (app, v) -> cluster(app).controlPlane(ControlPlaneOptions.builder()
                .apiServerExtraVolumes((List) List.of(v))
                .apiServerExtraVolumeMounts(List.of(ApiServerVolumeMount.of(ApiServerVolumeMountOptions.builder().name("audit").mountPath("/etc/audit").build())))
                .build()).build(),
            ApiServerVolume.of(ApiServerVolumeOptions.builder().name("audit").configMap("audit-policy").build()),
            map("name", "audit", "configMap", "audit-policy"),
            map("name", "audit", "config_map", "audit-policy"),
            "nme", List.of("name: audit-policy"));
        position("ControlPlaneOptions.apiServerExtraVolumeMounts",
            (app, v) -> cluster(app).controlPlane(ControlPlaneOptions.builder()
                .apiServerExtraVolumes(List.of(ApiServerVolume.of(ApiServerVolumeOptions.builder().name("audit").configMap("audit-policy").build())))
                .apiServerExtraVolumeMounts((List) List.of(v))
                .build()).build(),
            ApiServerVolumeMount.of(ApiServerVolumeMountOptions.builder().name("audit").mountPath("/etc/audit").readOnly(false).build()),
            map("name", "audit", "mountPath", "/etc/audit", "readOnly", false),
            map("name", "audit", "mount_path", "/etc/audit", "read_only", false),
            "nme", List.of("mountPath: /etc/audit", "readOnly: false"));
        position("OidcOptions.users",
            (app, v) -> cluster(app).oidc(OidcOptions.builder().mode(OidcMode.SYSTEM).users((List) List.of(v)).build()).build(),
            OidcUser.of(OidcUserOptions.builder().email("ops@acme.example").role(OidcRole.VIEW).build()),
            map("email", "ops@acme.example", "role", OidcRole.VIEW),
            map("e_mail", "ops@acme.example", "role", OidcRole.VIEW),
            "emial", List.of("email: ops@acme.example", "role: view"));
        position("BucketProps.users",
            (app, v) -> Bucket.Builder.create(cluster(app).build(), "backups").users((Map) Map.of("velero", v)).build(),
            BucketUser.of(BucketUserOptions.builder().readOnly(true).build()),
            map("readOnly", true),
            map("read_only", true),
            "readOnl", List.of("users:\n    velero:\n      readonly: true"));
        position("FluentBitProps.parsers",
            (app, v) -> fluentBit(app).parsers((List) List.of(v)).build(),
            FluentBitParser.of(FluentBitParserOptions.builder().name("app").format(FluentBitParserFormat.JSON).timeKey("time").timeFormat("%Y-%m-%dT%H:%M:%S%z").build()),
            map("name", "app", "format", FluentBitParserFormat.JSON, "timeKey", "time"),
            map("name", "app", "format", FluentBitParserFormat.JSON, "time_key", "time"),
            "nmae", List.of("- name: app", "time_key: time", "time_format: \"%Y-%m-%dT%H:%M:%S%z\""));
        position("GrepFilterOptions.include",
            (app, v) -> fluentBit(app).filters(List.of(FluentBitFilter.grep(GrepFilterOptions.builder().include((List) List.of(v)).build()))).build(),
            GrepRule.of(GrepRuleOptions.builder().key("log").regex("error").build()),
            map("key", "log", "regex", "error"),
            map("record_key", "log", "regex", "error"),
            "kye", List.of("regex:\n            - log error"));
        position("GrepFilterOptions.exclude",
            (app, v) -> fluentBit(app).filters(List.of(FluentBitFilter.grep(GrepFilterOptions.builder().exclude((List) List.of(v)).build()))).build(),
            GrepRule.of(GrepRuleOptions.builder().key("log").regex("debug").build()),
            map("key", "log", "regex", "debug"),
            map("record_key", "log", "regex", "debug"),
            "kye", List.of("exclude:\n            - log debug"));
        position("HttpOutputOptions.secretHeaders",
            (app, v) -> fluentBit(app).outputs(List.of(FluentBitOutput.http(HttpOutputOptions.builder().host("logs.acme.example").secretHeaders((Map) Map.of("Authorization", v)).build()))).build(),
            FluentBitSecretKey.of(FluentBitSecretKeyOptions.builder().secretName("http-auth").key("header").build()),
            map("secretName", "http-auth", "key", "header"),
            map("secret_name", "http-auth", "key", "header"),
            "secretNme", List.of("key: header\n                  name: http-auth"));
        position("CustomOutputOptions.secretProperties",
            (app, v) -> fluentBit(app).outputs(List.of(FluentBitOutput.of("datadog", Map.of("Host", "http-intake.logs.datadoghq.eu"),
                CustomOutputOptions.builder().secretProperties((Map) Map.of("apikey", v)).build()))).build(),
            FluentBitSecretKey.of(FluentBitSecretKeyOptions.builder().secretName("datadog").key("api-key").build()),
            map("secretName", "datadog", "key", "api-key"),
            map("secret_name", "datadog", "key", "api-key"),
            "secretNme", List.of("key: api-key\n                  name: datadog"));
    }

    static String json(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        return out.append('"').toString();
    }

    public static void main(final String[] args) {
        positions();
        List<String> report = new ArrayList<>();
        for (Case c : CASES) {
            App app = new App();
            String outcome;
            boolean passed;
            String detail;
            try {
                c.build().run(app);
                String yaml = (String) app.synthYaml();
                outcome = "synthesized";
                List<String> missing = c.contains() == null ? List.of() : c.contains().stream().filter(f -> !yaml.contains(f)).toList();
                passed = c.error() == null && missing.isEmpty();
                detail = c.error() != null ? "synthesized without an error; expected one naming " + c.error() : missing.isEmpty() ? "every setting is in the YAML" : "missing from the YAML: " + missing;
            } catch (RuntimeException e) {
                outcome = "error";
                String message = e.getClass().getSimpleName() + ": " + e.getMessage();
                passed = c.error() != null && c.error().stream().anyMatch(message::contains);
                detail = passed ? message.lines().findFirst().orElse("") : message;
            }
            report.add("{\"position\": " + json(c.position()) + ", \"kind\": " + json(c.kind()) + ", \"outcome\": " + json(outcome)
                + ", \"passed\": " + passed + ", \"detail\": " + json(detail) + "}");
        }
        System.out.println("[\n" + String.join(",\n", report) + "\n]");
    }
}
