import { Testing } from 'cdk8s';
import * as YAML from 'yaml';
import * as h from '../../src';
import { messageOf } from '../../src/diagnostics/problems';
import { HikubeValidationError } from '../../src/errors';
import { PLUGIN_PROPERTIES, pluginPropertyProblems } from '../../src/in-cluster/fluent-bit/plugin-properties';
import { validateAgainstSchemas } from '../support/crds';
import { parseYamlStream } from '../support/schemas';

const LOKI = { host: 'loki.logs.example.com' };
const secret = (secretName: string, key: string): h.FluentBitSecretKeyOptions => ({ secretName, key });

function chart(): { app: ReturnType<typeof Testing.app>; chart: h.TenantClusterChart } {
  const app = Testing.app();
  const cluster = new h.HikubeCluster(app, 'prod', {
    tenantNamespace: 'tenant-acme', platformLine: h.PlatformLine.V1_6, nodeGroups: { web: h.NodeGroupSpec.of({ roles: [h.NodeRole.INGRESS_NGINX], minReplicas: 1 }) },
  });
  return { app, chart: new h.TenantClusterChart(app, 'inside', { cluster }) };
}

/** The in-cluster documents of one FluentBit. */
function render(props: h.FluentBitProps): any[] {
  const c = chart();
  new h.FluentBit(c.chart, 'logs', props);
  return parseYamlStream(c.app.synthYaml()).filter((d) => d.kind !== 'Kubernetes');
}

/** The FluentBit configuration of one FluentBit, parsed. */
function config(props: h.FluentBitProps): any {
  const cm = render(props).find((d) => d.kind === 'ConfigMap');
  return YAML.parse(cm.data['fluent-bit.yaml']);
}

const daemonSet = (docs: any[]) => docs.find((d) => d.kind === 'DaemonSet');

function synthError(props: any): string {
  const c = chart();
  try {
    new h.FluentBit(c.chart, 'logs', props);
    c.app.synthYaml();
  } catch (e: any) {
    expect(e).toBeInstanceOf(HikubeValidationError);
    return e.message;
  }
  throw new Error('expected synthesis to fail');
}

describe('FluentBit objects', () => {
  const docs = render({ outputs: [h.FluentBitOutput.loki(LOKI)] });

  test('namespace, ServiceAccount, least RBAC, ConfigMap, DaemonSet and metrics Service, all valid Kubernetes objects', () => {
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual([
      'Namespace/fluent-bit', 'ServiceAccount/fluent-bit', 'ClusterRole/fluent-bit-fluent-bit', 'ClusterRoleBinding/fluent-bit-fluent-bit',
      'ConfigMap/fluent-bit-config', 'DaemonSet/fluent-bit', 'Service/fluent-bit-metrics',
    ]);
    expect(docs.flatMap(validateAgainstSchemas)).toEqual([]);
  });

  test('the ClusterRole grants only what the Kubernetes filter reads', () => {
    const role = docs.find((d) => d.kind === 'ClusterRole');
    expect(role.rules.map((r: any) => [r.apiGroups, r.resources, r.verbs])).toEqual([
      [[''], ['pods'], ['get', 'list', 'watch']],
      [[''], ['namespaces'], ['get', 'list', 'watch']],
    ]);
    const binding = docs.find((d) => d.kind === 'ClusterRoleBinding');
    expect(binding.subjects).toEqual([{ apiGroup: '', kind: 'ServiceAccount', name: 'fluent-bit', namespace: 'fluent-bit' }]);
  });

  test('no RBAC and no token without the Kubernetes filter', () => {
    const bare = render({ outputs: [h.FluentBitOutput.stdout()], filters: [] });
    expect(bare.map((d) => d.kind)).not.toContain('ClusterRole');
    expect(bare.find((d) => d.kind === 'ServiceAccount').automountServiceAccountToken).toBe(false);
    expect(daemonSet(bare).spec.template.spec.automountServiceAccountToken).toBe(false);
    expect(YAML.parse(bare.find((d) => d.kind === 'ConfigMap').data['fluent-bit.yaml']).pipeline.filters).toBeUndefined();
  });

  test('the namespace is privileged only for the host log folders; the DaemonSet is admitted there and locked down otherwise', () => {
    const ns = docs.find((d) => d.kind === 'Namespace');
    expect(ns.metadata.labels).toEqual({
      'pod-security.kubernetes.io/enforce': 'privileged', 'pod-security.kubernetes.io/audit': 'privileged', 'pod-security.kubernetes.io/warn': 'privileged',
    });
    const ds = daemonSet(docs);
    expect(h.PodSecurity.violations(ds, h.PodSecurityLevel.PRIVILEGED)).toEqual([]);
    // baseline refuses exactly the hostPath volumes: nothing else needs the privileged level.
    expect(h.PodSecurity.violations(ds, h.PodSecurityLevel.BASELINE)).toEqual(['volume host-logs uses hostPath', 'volume state uses hostPath']);
    const pod = ds.spec.template.spec;
    const [container] = pod.containers;
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsGroup: 0,
      runAsNonRoot: false,
      runAsUser: 0,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.priorityClassName).toBe('system-node-critical');
    expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(pod.hostNetwork).toBe(false);
    expect(container.volumeMounts).toEqual([
      { mountPath: '/var/log', name: 'host-logs', readOnly: true },
      { mountPath: '/var/fluent-bit/state', name: 'state' },
      { mountPath: '/tmp', name: 'tmp' },
      { mountPath: '/fluent-bit/etc/hikube', name: 'config', readOnly: true },
    ]);
    expect(pod.volumes.filter((v: any) => v.hostPath)).toEqual([
      { name: 'host-logs', hostPath: { path: '/var/log', type: 'Directory' } },
      { name: 'state', hostPath: { path: '/var/lib/fluent-bit/fluent-bit', type: 'DirectoryOrCreate' } },
    ]);
    expect(container.resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
    expect(container.image).toBe('cr.fluentbit.io/fluent/fluent-bit:4.0.3');
    expect(container.args).toEqual(['--config', '/fluent-bit/etc/hikube/fluent-bit.yaml']);
    expect(container.livenessProbe.httpGet).toEqual({ path: '/', port: 2020, scheme: 'HTTP' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/api/v1/health', port: 2020, scheme: 'HTTP' });
    expect(ds.spec.template.metadata.annotations['checksum/config']).toMatch(/^[0-9a-f]{16}$/);
  });

  test('metrics Service on the HTTP server', () => {
    const svc = docs.find((d) => d.kind === 'Service');
    expect(svc.spec.ports).toEqual([{ name: 'http-metrics', port: 2020, targetPort: 2020 }]);
    expect(svc.spec.selector).toEqual(daemonSet(docs).spec.selector.matchLabels);
  });

  test('the default configuration: service, container logs, Kubernetes metadata, cluster identity', () => {
    expect(config({ outputs: [h.FluentBitOutput.loki(LOKI)] })).toEqual({
      service: {
        'flush': 1,
        'log_level': 'info',
        'http_server': 'on',
        'http_listen': '0.0.0.0',
        'http_port': 2020,
        'health_check': 'on',
        'hc_errors_count': 5,
        'hc_retry_failure_count': 5,
        'hc_period': 60,
        'storage.metrics': 'on',
      },
      pipeline: {
        inputs: [{
          'name': 'tail',
          'tag': 'kube.*',
          'path': '/var/log/containers/*.log',
          'multiline.parser': 'cri',
          'mem_buf_limit': '50MB',
          'skip_long_lines': 'on',
          'refresh_interval': 10,
          'db.locking': 'on',
          'db': '/var/fluent-bit/state/tail-0.db',
        }],
        filters: [
          {
            'name': 'kubernetes',
            'match': 'kube.*',
            'kube_tag_prefix': 'kube.var.log.containers.',
            'merge_log': 'on',
            'keep_log': 'off',
            'labels': 'on',
            'annotations': 'off',
            'k8s-logging.parser': 'on',
            'k8s-logging.exclude': 'on',
          },
          { name: 'modify', match: '*', add: ['cluster prod', 'tenant tenant-acme'] },
        ],
        outputs: [{ name: 'loki', match: '*', host: 'loki.logs.example.com', port: 3100, labels: 'job=fluent-bit', line_format: 'json' }],
      },
    });
  });

  test('the same code gives the same bytes', () => {
    const a = render({ outputs: [h.FluentBitOutput.loki(LOKI), h.FluentBitOutput.s3({ bucket: 'b', region: 'r', accessKeyId: secret('s3', 'id'), secretAccessKey: secret('s3', 'key') })] });
    const b = render({ outputs: [h.FluentBitOutput.loki(LOKI), h.FluentBitOutput.s3({ bucket: 'b', region: 'r', accessKeyId: secret('s3', 'id'), secretAccessKey: secret('s3', 'key') })] });
    expect(YAML.stringify(a)).toEqual(YAML.stringify(b));
  });

  test('service options, parsers, image, resources and namespace', () => {
    const c = chart();
    const fb = new h.FluentBit(c.chart, 'logs', {
      outputs: [h.FluentBitOutput.stdout()],
      namespace: 'logging',
      logLevel: h.FluentBitLogLevel.WARN,
      flushSeconds: 5,
      image: h.FluentBitImage.of('registry.acme.example/fluent-bit', '4.0.3'),
      parsers: [h.FluentBitParser.of({ name: 'nginx', format: h.FluentBitParserFormat.REGEX, regex: '^(?<remote>[^ ]*) (?<rest>.*)$', timeKey: 'time', timeFormat: '%d/%b/%Y:%H:%M:%S %z' })],
    });
    const objects = parseYamlStream(c.app.synthYaml()).filter((d) => d.kind !== 'Kubernetes');
    const parsed = YAML.parse(fb.configuration);
    expect(parsed.service.log_level).toBe('warn');
    expect(parsed.service.flush).toBe(5);
    expect(parsed.parsers).toEqual([{ name: 'nginx', format: 'regex', regex: '^(?<remote>[^ ]*) (?<rest>.*)$', time_key: 'time', time_format: '%d/%b/%Y:%H:%M:%S %z' }]);
    expect(fb.namespaceName).toBe('logging');
    expect(objects.every((d) => d.kind === 'Namespace' || d.kind.startsWith('Cluster') || d.metadata.namespace === 'logging')).toBe(true);
    expect(daemonSet(objects).spec.template.spec.containers[0].image).toBe('registry.acme.example/fluent-bit:4.0.3');
    expect(objects.flatMap(validateAgainstSchemas)).toEqual([]);
  });
});

describe('inputs', () => {
  test('container logs with options', () => {
    const c = config({
      inputs: [h.FluentBitInput.containerLogs({ tag: 'kube.*', excludePaths: ['/var/log/containers/fluent-bit-*.log', '/var/log/containers/*_kube-system_*.log'], memBufLimit: '20MB', readFromHead: true, refreshIntervalSeconds: 5 })],
      outputs: [h.FluentBitOutput.stdout()],
    });
    expect(c.pipeline.inputs).toEqual([{
      'name': 'tail',
      'tag': 'kube.*',
      'path': '/var/log/containers/*.log',
      'exclude_path': '/var/log/containers/fluent-bit-*.log,/var/log/containers/*_kube-system_*.log',
      'multiline.parser': 'cri',
      'mem_buf_limit': '20MB',
      'skip_long_lines': 'on',
      'refresh_interval': 5,
      'read_from_head': 'on',
      'db.locking': 'on',
      'db': '/var/fluent-bit/state/tail-0.db',
    }]);
  });
  test('kubelet journal; each input keeps its own position database', () => {
    const c = config({
      inputs: [h.FluentBitInput.containerLogs(), h.FluentBitInput.kubeletJournal(), h.FluentBitInput.kubeletJournal({ tag: 'host.runtime', units: ['containerd.service', 'kubelet.service'], readFromTail: false })],
      outputs: [h.FluentBitOutput.stdout()],
    });
    expect(c.pipeline.inputs.slice(1)).toEqual([
      {
        name: 'systemd',
        tag: 'host.kubelet',
        path: '/var/log/journal',
        systemd_filter: ['_SYSTEMD_UNIT=kubelet.service'],
        read_from_tail: 'on',
        strip_underscores: 'on',
        lowercase: 'on',
        db: '/var/fluent-bit/state/systemd-1.db',
      },
      {
        name: 'systemd',
        tag: 'host.runtime',
        path: '/var/log/journal',
        systemd_filter: ['_SYSTEMD_UNIT=containerd.service', '_SYSTEMD_UNIT=kubelet.service'],
        systemd_filter_type: 'or',
        read_from_tail: 'off',
        strip_underscores: 'on',
        lowercase: 'on',
        db: '/var/fluent-bit/state/systemd-2.db',
      },
    ]);
  });
  test('any other input plugin', () => {
    const c = config({ inputs: [h.FluentBitInput.of('dummy', { dummy: '{"message":"hello"}' }, 'test.dummy')], outputs: [h.FluentBitOutput.stdout()] });
    expect(c.pipeline.inputs).toEqual([{ name: 'dummy', tag: 'test.dummy', dummy: '{"message":"hello"}' }]);
  });
  test('bad values', () => {
    expect(synthError({ inputs: [h.FluentBitInput.containerLogs({ memBufLimit: 'lots' })], outputs: [h.FluentBitOutput.stdout()] }))
      .toContain('[inside/logs] inputs[0].tail.mem_buf_limit: "lots" is not valid; expected a size such as 512k, 5M or 1G');
    expect(synthError({ inputs: [h.FluentBitInput.containerLogs({ refreshIntervalSeconds: 0 })], outputs: [h.FluentBitOutput.stdout()] }))
      .toContain('inputs[0].tail.refreshIntervalSeconds: 0 is not valid; expected a whole number of seconds, 1 or more');
    expect(synthError({ inputs: [h.FluentBitInput.kubeletJournal({ units: ['kubelet service'] })], outputs: [h.FluentBitOutput.stdout()] }))
      .toContain('inputs[0].systemd.units: "kubelet service" is not valid; expected a systemd unit name');
    expect(synthError({ inputs: [h.FluentBitInput.kubeletJournal({ units: [] })], outputs: [h.FluentBitOutput.stdout()] }))
      .toContain('inputs[0].systemd.units: [] is not valid; expected at least one unit');
    expect(synthError({ inputs: [h.FluentBitInput.of('tail', { pth: '/x' })], outputs: [h.FluentBitOutput.stdout()] }))
      .toMatch(/inputs\[0\]\.tail\.pth: "pth" is not valid; not a property of the tail input in FluentBit 4\.0; known: .*path/);
  });
});

describe('filters', () => {
  const out = [h.FluentBitOutput.stdout()];
  test('Kubernetes metadata with options', () => {
    const c = config({ filters: [h.FluentBitFilter.kubernetes({ mergeLog: false, keepLog: true, labels: false, annotations: true, allowParserAnnotation: false, allowExcludeAnnotation: false, tagPrefix: 'app.var.log.containers.', match: 'app.*' })], outputs: out });
    expect(c.pipeline.filters).toEqual([{
      'name': 'kubernetes',
      'match': 'app.*',
      'kube_tag_prefix': 'app.var.log.containers.',
      'merge_log': 'off',
      'keep_log': 'on',
      'labels': 'off',
      'annotations': 'on',
      'k8s-logging.parser': 'off',
      'k8s-logging.exclude': 'off',
    }]);
  });
  test('grep include and exclude', () => {
    const c = config({
      filters: [h.FluentBitFilter.grep({ include: [h.GrepRule.of({ key: '$kubernetes[\'namespace_name\']', regex: '^shop-' })], exclude: [h.GrepRule.of({ key: 'log', regex: 'healthz' }), h.GrepRule.of({ key: 'log', regex: '^DEBUG' })], matchAny: true })],
      outputs: out,
    });
    expect(c.pipeline.filters).toEqual([{ name: 'grep', match: '*', regex: ['$kubernetes[\'namespace_name\'] ^shop-'], exclude: ['log healthz', 'log ^DEBUG'], logical_op: 'OR' }]);
  });
  test('add fields, with the cluster identity first', () => {
    const c = config({ filters: [h.FluentBitFilter.addFields({ fields: { team: 'shop', env: 'prod' }, clusterIdentity: true, match: 'kube.*' })], outputs: out });
    expect(c.pipeline.filters).toEqual([{ name: 'modify', match: 'kube.*', add: ['cluster prod', 'tenant tenant-acme', 'env prod', 'team shop'] }]);
  });
  test('throttle', () => {
    const c = config({ filters: [h.FluentBitFilter.throttle({ rate: 800, window: 3, intervalSeconds: 2 })], outputs: out });
    expect(c.pipeline.filters).toEqual([{ name: 'throttle', match: '*', rate: 800, window: 3, interval: '2s', print_status: 'on' }]);
  });
  test('multiline', () => {
    const c = config({ filters: [h.FluentBitFilter.multiline({ parsers: ['java', 'python'], match: 'kube.*' })], outputs: out });
    expect(c.pipeline.filters).toEqual([{ 'name': 'multiline', 'match': 'kube.*', 'multiline.key_content': 'log', 'multiline.parser': 'java, python' }]);
  });
  test('any other filter plugin', () => {
    const c = config({ filters: [h.FluentBitFilter.of('nest', { Operation: 'lift', Nested_under: 'kubernetes', Add_prefix: 'k8s_' }, { match: 'kube.*' })], outputs: out });
    expect(c.pipeline.filters).toEqual([{ name: 'nest', match: 'kube.*', operation: 'lift', nested_under: 'kubernetes', add_prefix: 'k8s_' }]);
  });
  test('bad values', () => {
    expect(synthError({ filters: [h.FluentBitFilter.grep({})], outputs: out })).toContain('filters[0].grep: {} is not valid; the grep filter needs at least one of regex, exclude');
    expect(synthError({ filters: [h.FluentBitFilter.grep({ include: [h.GrepRule.of({ key: 'a b', regex: '' })] })], outputs: out }))
      .toContain('filters[0].grep.include[0].key: "a b" is not valid; expected a record key without spaces');
    expect(synthError({ filters: [h.FluentBitFilter.throttle({ rate: 0 })], outputs: out })).toContain('filters[0].throttle.rate: 0 is not valid; expected a whole number, 1 or more');
    expect(synthError({ filters: [h.FluentBitFilter.addFields({})], outputs: out })).toContain('filters[0].modify: {} is not valid; the modify filter needs at least one of');
    expect(synthError({ filters: [h.FluentBitFilter.addFields({ fields: { 'my field': 'x' } })], outputs: out })).toContain('filters[0].modify.fields.my field: "my field" is not valid; field names have no spaces');
    expect(synthError({ filters: [h.FluentBitFilter.kubernetes({ match: 'kube *' })], outputs: out })).toContain('filters[0].kubernetes.match: "kube *" is not valid; expected a tag pattern without spaces');
    expect(synthError({ filters: [h.FluentBitFilter.of('grep', { regex: 'log', match: 'x' })], outputs: out })).toContain('filters[0].grep.properties.match: "match" is not valid; name is the plugin argument; match and tag are options of their own');
    expect(synthError({ filters: [h.FluentBitFilter.of('grep', { regex: 'log' })], outputs: out })).toContain('filters[0].grep.regex: "log" is not valid; expected "KEY VALUE"');
    expect(synthError({ filters: [h.FluentBitFilter.of('Bad-Name', {})], outputs: out })).toContain('filters[0].Bad-Name.name: "Bad-Name" is not valid; expected a FluentBit plugin name');
  });
});

describe('outputs', () => {
  const outputsOf = (...outputs: h.FluentBitOutput[]) => config({ outputs, filters: [] }).pipeline.outputs;
  const envOf = (...outputs: h.FluentBitOutput[]) => daemonSet(render({ outputs, filters: [] })).spec.template.spec.containers[0].env;

  test('Loki with labels, tenant, basic auth from a Secret and TLS with a mounted CA', () => {
    const loki = h.FluentBitOutput.loki({
      host: 'loki.logs.example.com',
      port: 443,
      tenantId: 'acme',
      match: 'kube.*',
      labels: { job: 'fluent-bit', namespace: '$kubernetes[\'namespace_name\']' },
      labelKeys: ['$cluster'],
      removeKeys: ['kubernetes', 'stream'],
      autoKubernetesLabels: false,
      lineFormat: h.LokiLineFormat.KEY_VALUE,
      retryLimit: 'no_limits',
      basicAuth: { user: 'acme', password: secret('loki-auth', 'password') },
      tls: { ca: secret('loki-ca', 'ca.crt'), serverName: 'loki.example.com' },
    });
    expect(outputsOf(loki)).toEqual([{
      'name': 'loki',
      'match': 'kube.*',
      'host': 'loki.logs.example.com',
      'port': 443,
      'tenant_id': 'acme',
      'labels': 'job=fluent-bit, namespace=$kubernetes[\'namespace_name\']',
      'label_keys': '$cluster',
      'remove_keys': 'kubernetes,stream',
      'auto_kubernetes_labels': 'off',
      'line_format': 'key_value',
      'retry_limit': 'no_limits',
      'http_user': 'acme',
      'http_passwd': '${FLB_OUTPUTS_0_HTTP_PASSWD}',
      'tls': 'on',
      'tls.verify': 'on',
      'tls.vhost': 'loki.example.com',
      'tls.ca_file': '/fluent-bit/secrets/loki-ca/ca.crt',
    }]);
    expect(envOf(loki)).toEqual([{ name: 'FLB_OUTPUTS_0_HTTP_PASSWD', valueFrom: { secretKeyRef: { name: 'loki-auth', key: 'password' } } }]);
    const docs = render({ outputs: [loki] });
    const pod = daemonSet(docs).spec.template.spec;
    expect(pod.volumes).toContainEqual({ name: 'secret-loki-ca', secret: { secretName: 'loki-ca' } });
    expect(pod.containers[0].volumeMounts).toContainEqual({ mountPath: '/fluent-bit/secrets/loki-ca', name: 'secret-loki-ca', readOnly: true });
    expect(docs.flatMap(validateAgainstSchemas)).toEqual([]);
  });
  test('Loki with a bearer token', () => {
    const loki = h.FluentBitOutput.loki({ ...LOKI, bearerToken: secret('grafana-cloud', 'token') });
    expect(outputsOf(loki)[0].bearer_token).toBe('${FLB_OUTPUTS_0_BEARER_TOKEN}');
  });
  test('Elasticsearch and OpenSearch', () => {
    const es = h.FluentBitOutput.elasticsearch({ host: 'es.example.com', index: 'k8s', basicAuth: { user: 'elastic', password: secret('es', 'password') }, gzip: true, tls: { verify: false } });
    const os = h.FluentBitOutput.openSearch({ host: 'search.example.com', port: 443, logstashPrefix: 'k8s', replaceDots: false });
    expect(outputsOf(es, os)).toEqual([
      {
        'name': 'es',
        'match': '*',
        'host': 'es.example.com',
        'port': 9200,
        'index': 'k8s',
        'replace_dots': 'on',
        'suppress_type_name': 'on',
        'compress': 'gzip',
        'trace_error': 'on',
        'http_user': 'elastic',
        'http_passwd': '${FLB_OUTPUTS_0_HTTP_PASSWD}',
        'tls': 'on',
        'tls.verify': 'off',
      },
      {
        name: 'opensearch',
        match: '*',
        host: 'search.example.com',
        port: 443,
        logstash_format: 'on',
        logstash_prefix: 'k8s',
        replace_dots: 'off',
        suppress_type_name: 'on',
        trace_error: 'on',
      },
    ]);
  });
  test('Splunk HEC: token from a Secret, TLS verified by default', () => {
    const splunk = h.FluentBitOutput.splunk({ host: 'hec.example.com', token: secret('splunk', 'hec-token'), index: 'k8s', source: 'prod', sourceType: '_json', gzip: true });
    expect(outputsOf(splunk)).toEqual([{
      'name': 'splunk',
      'match': '*',
      'host': 'hec.example.com',
      'port': 8088,
      'event_index': 'k8s',
      'event_source': 'prod',
      'event_sourcetype': '_json',
      'compress': 'gzip',
      'splunk_token': '${FLB_OUTPUTS_0_SPLUNK_TOKEN}',
      'tls': 'on',
      'tls.verify': 'on',
    }]);
    expect(envOf(splunk)).toEqual([{ name: 'FLB_OUTPUTS_0_SPLUNK_TOKEN', valueFrom: { secretKeyRef: { name: 'splunk', key: 'hec-token' } } }]);
  });
  test('HTTP with fixed and secret headers', () => {
    const http = h.FluentBitOutput.http({
      host: 'logs.example.com',
      port: 8443,
      uri: '/ingest',
      format: h.FluentBitRecordFormat.JSON,
      headers: { 'X-Source': 'prod' },
      secretHeaders: { Authorization: h.FluentBitSecretKey.of(secret('http-auth', 'header')) },
      tls: {},
    });
    expect(outputsOf(http)).toEqual([{
      'name': 'http',
      'match': '*',
      'host': 'logs.example.com',
      'port': 8443,
      'uri': '/ingest',
      'format': 'json',
      'json_date_key': 'date',
      'json_date_format': 'iso8601',
      'header': ['X-Source prod', 'Authorization ${FLB_OUTPUTS_0_HEADER_0}'],
      'tls': 'on',
      'tls.verify': 'on',
    }]);
    expect(envOf(http)).toEqual([{ name: 'FLB_OUTPUTS_0_HEADER_0', valueFrom: { secretKeyRef: { name: 'http-auth', key: 'header' } } }]);
  });
  test('S3 with credentials as the AWS environment variables, buffered in the writable /tmp', () => {
    const s3 = h.FluentBitOutput.s3({
      bucket: 'logs',
      region: 'us-east-1',
      endpoint: 'https://s3.acme.example',
      accessKeyId: secret('bucket-logs', 'accessKey'),
      secretAccessKey: secret('bucket-logs', 'secretKey'),
      keyFormat: '/prod/$TAG/%Y/%m/%d/%H%M%S',
      totalFileSize: '50M',
      uploadTimeout: '5m',
      gzip: true,
    });
    expect(outputsOf(s3)).toEqual([{
      name: 's3',
      match: '*',
      bucket: 'logs',
      region: 'us-east-1',
      endpoint: 'https://s3.acme.example',
      total_file_size: '50M',
      upload_timeout: '5m',
      s3_key_format: '/prod/$TAG/%Y/%m/%d/%H%M%S',
      compression: 'gzip',
      store_dir: '/tmp/fluent-bit/s3',
    }]);
    expect(envOf(s3)).toEqual([
      { name: 'AWS_ACCESS_KEY_ID', valueFrom: { secretKeyRef: { name: 'bucket-logs', key: 'accessKey' } } },
      { name: 'AWS_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: { name: 'bucket-logs', key: 'secretKey' } } },
    ]);
  });
  test('forward with a shared key over mutual TLS', () => {
    const fwd = h.FluentBitOutput.forward({
      host: 'fluentd.example.com',
      sharedKey: secret('fwd', 'shared-key'),
      selfHostname: 'prod',
      requireAck: true,
      tls: { clientCertificate: secret('fwd-tls', 'tls.crt'), clientKey: secret('fwd-tls', 'tls.key'), ca: secret('fwd-tls', 'ca.crt') },
    });
    expect(outputsOf(fwd)).toEqual([{
      'name': 'forward',
      'match': '*',
      'host': 'fluentd.example.com',
      'port': 24224,
      'self_hostname': 'prod',
      'require_ack_response': 'on',
      'shared_key': '${FLB_OUTPUTS_0_SHARED_KEY}',
      'tls': 'on',
      'tls.verify': 'on',
      'tls.ca_file': '/fluent-bit/secrets/fwd-tls/ca.crt',
      'tls.crt_file': '/fluent-bit/secrets/fwd-tls/tls.crt',
      'tls.key_file': '/fluent-bit/secrets/fwd-tls/tls.key',
    }]);
  });
  test('syslog over TCP and TLS', () => {
    const tcp = h.FluentBitOutput.syslog({ host: 'syslog.example.com', hostnameKey: 'host', appnameKey: 'app' });
    const tls = h.FluentBitOutput.syslog({ host: 'syslog.example.com', port: 6514, mode: h.SyslogMode.TLS, format: h.SyslogFormat.RFC3164 });
    expect(outputsOf(tcp, tls)).toEqual([
      { name: 'syslog', match: '*', host: 'syslog.example.com', port: 514, mode: 'tcp', syslog_format: 'rfc5424', syslog_message_key: 'log', syslog_hostname_key: 'host', syslog_appname_key: 'app' },
      { 'name': 'syslog', 'match': '*', 'host': 'syslog.example.com', 'port': 6514, 'mode': 'tls', 'syslog_format': 'rfc3164', 'syslog_message_key': 'log', 'tls': 'on', 'tls.verify': 'on' },
    ]);
  });
  test('stdout', () => {
    expect(outputsOf(h.FluentBitOutput.stdout({ format: h.FluentBitRecordFormat.JSON }))).toEqual([{ name: 'stdout', match: '*', format: 'json' }]);
  });
  test('any other output plugin, with a property from a Secret', () => {
    const dd = h.FluentBitOutput.of('datadog', { Host: 'http-intake.logs.datadoghq.eu', TLS: 'on' }, { match: 'kube.*', secretProperties: { apikey: h.FluentBitSecretKey.of(secret('datadog', 'api-key')) } });
    expect(outputsOf(dd)).toEqual([{ name: 'datadog', match: 'kube.*', host: 'http-intake.logs.datadoghq.eu', tls: 'on', apikey: '${FLB_OUTPUTS_0_APIKEY}' }]);
  });
  test('extra properties are checked against the plugin', () => {
    const loki = h.FluentBitOutput.loki({ ...LOKI, extraProperties: { drop_single_key: 'raw' } });
    expect(outputsOf(loki)[0].drop_single_key).toBe('raw');
    expect(synthError({ outputs: [h.FluentBitOutput.loki({ ...LOKI, extraProperties: { tenant_idd: 'acme' } })] }))
      .toContain('outputs[0].loki.tenant_idd: "tenant_idd" is not valid; not a property of the loki output in FluentBit 4.0');
    expect(synthError({ outputs: [h.FluentBitOutput.loki({ ...LOKI, extraProperties: { host: 'x' } })] }))
      .toContain('outputs[0].loki.extraProperties.host: "host" is not valid; this property is set by a typed option');
  });
  test('credentials never reach the ConfigMap', () => {
    const docs = render({
      outputs: [
        h.FluentBitOutput.loki({ ...LOKI, basicAuth: { user: 'u', password: secret('s1', 'k1') } }),
        h.FluentBitOutput.splunk({ host: 'hec.example.com', token: secret('s2', 'k2') }),
        h.FluentBitOutput.s3({ bucket: 'b', region: 'r', accessKeyId: secret('s5', 'k3'), secretAccessKey: secret('s5', 'k4') }),
      ],
    });
    const text = docs.find((d) => d.kind === 'ConfigMap').data['fluent-bit.yaml'];
    for (const name of ['s1', 's2', 's5', 'k1', 'k2', 'k3', 'k4']) expect(text).not.toMatch(new RegExp(`\\b${name}\\b`));
    expect(daemonSet(docs).spec.template.spec.containers[0].env.map((e: any) => e.name)).toEqual(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'FLB_OUTPUTS_0_HTTP_PASSWD', 'FLB_OUTPUTS_1_SPLUNK_TOKEN']);
  });

  test.each<[string, h.FluentBitOutput, string]>([
    ['Loki host with a scheme', h.FluentBitOutput.loki({ host: 'https://loki.example.com' }), 'outputs[0].loki.host: "https://loki.example.com" is not valid; expected a host name or IP address, without scheme, port or path'],
    ['Loki port out of range', h.FluentBitOutput.loki({ ...LOKI, port: 70000 }), 'outputs[0].loki.port: 70000 is not valid; expected a port from 1 to 65535'],
    ['Loki uri without a slash', h.FluentBitOutput.loki({ ...LOKI, uri: 'loki/api/v1/push' }), 'outputs[0].loki.uri: "loki/api/v1/push" is not valid; expected a path starting with "/"'],
    ['Elasticsearch index and prefix', h.FluentBitOutput.elasticsearch({ host: 'es', index: 'a', logstashPrefix: 'b' }), 'outputs[0].es.index: "a" is not valid; set either index or logstashPrefix, not both'],
    ['stdout GELF', h.FluentBitOutput.stdout({ format: h.FluentBitRecordFormat.GELF }), 'outputs[0].stdout.format: "gelf" is not valid; allowed: msgpack, json, json_lines, json_stream'],
    ['S3 endpoint without scheme', h.FluentBitOutput.s3({ bucket: 'b', region: 'r', endpoint: 's3.example.com', accessKeyId: secret('a', 'b'), secretAccessKey: secret('a', 'c') }), 'outputs[0].s3.endpoint: "s3.example.com" is not valid; expected an http:// or https:// URL'],
    ['S3 file size', h.FluentBitOutput.s3({ bucket: 'b', region: 'r', totalFileSize: 'big', accessKeyId: secret('a', 'b'), secretAccessKey: secret('a', 'c') }), 'outputs[0].s3.total_file_size: "big" is not valid; expected a size'],
    ['S3 upload timeout', h.FluentBitOutput.s3({ bucket: 'b', region: 'r', uploadTimeout: 'soon', accessKeyId: secret('a', 'b'), secretAccessKey: secret('a', 'c') }), 'outputs[0].s3.upload_timeout: "soon" is not valid; expected a duration'],
    ['forward shared key without TLS', h.FluentBitOutput.forward({ host: 'f', sharedKey: secret('k', 'k') }), 'outputs[0].forward.sharedKey: "k" is not valid; the secure forward handshake runs over TLS'],
    ['syslog TLS options over TCP', h.FluentBitOutput.syslog({ host: 's', tls: {} }), 'outputs[0].syslog.tls: {} is not valid; TLS options need mode SyslogMode.TLS'],
    ['client certificate without key', h.FluentBitOutput.http({ host: 'h', tls: { clientCertificate: secret('c', 'tls.crt') } }), 'outputs[0].http.tls.clientCertificate: "c" is not valid; mutual TLS needs both clientCertificate and clientKey'],
    ['bad Secret name', h.FluentBitOutput.loki({ ...LOKI, bearerToken: secret('Loki_Token', 'token') }), 'outputs[0].loki.bearerToken.secretName: "Loki_Token" is not valid; a Secret name must be a lower-case DNS subdomain'],
    ['bad Secret key', h.FluentBitOutput.loki({ ...LOKI, bearerToken: secret('loki', 'a key') }), 'outputs[0].loki.bearerToken.key: "a key" is not valid; a Secret key is letters, digits'],
    ['match with spaces', h.FluentBitOutput.stdout({ match: 'kube *' }), 'outputs[0].stdout.match: "kube *" is not valid; expected a tag pattern without spaces'],
  ])('refused: %s', (_, output, message) => {
    expect(synthError({ outputs: [output] })).toContain(`[inside/logs] ${message}`);
  });

  test.each<[string, () => unknown, string]>([
    ['Loki line format', () => h.FluentBitOutput.loki({ ...LOKI, lineFormat: 'logfmt' as any }), '[FluentBitOutput.loki] options.lineFormat: the string "logfmt" is not valid; expected one of LokiLineFormat.JSON ("json"), LokiLineFormat.KEY_VALUE ("key_value")'],
    ['HTTP format', () => h.FluentBitOutput.http({ host: 'h', format: 'xml' as any }), '[FluentBitOutput.http] options.format: the string "xml" is not valid; expected one of'],
    ['Loki options as a string', () => h.FluentBitOutput.loki('loki.example.com' as any), '[FluentBitOutput.loki] options: the string "loki.example.com" is not valid; expected LokiOutputOptions'],
    ['Splunk without token', () => h.FluentBitOutput.splunk({ host: 'hec' } as any), '[FluentBitOutput.splunk] options.token: required; expected a FluentBitSecretKey'],
    ['a misspelt option', () => h.FluentBitOutput.loki({ ...LOKI, labelz: { a: 'b' } } as any), '[FluentBitOutput.loki] options.labelz: unknown option of LokiOutputOptions; did you mean labels?'],
  ])('refused when built: %s', (_, build, message) => {
    expect(build).toThrow(message);
  });

  test('two outputs reading one AWS variable from different Secrets', () => {
    const a = h.FluentBitOutput.s3({ bucket: 'a', region: 'r', accessKeyId: secret('one', 'id'), secretAccessKey: secret('one', 'key') });
    const b = h.FluentBitOutput.s3({ bucket: 'b', region: 'r', accessKeyId: secret('two', 'id'), secretAccessKey: secret('two', 'key') });
    expect(synthError({ outputs: [a, b] })).toContain('outputs[1].s3: "AWS_ACCESS_KEY_ID" is not valid; another section reads this environment variable from a different Secret');
  });
});

describe('the plugin property table (FluentBit 4.0 manual)', () => {
  const required = Object.entries(PLUGIN_PROPERTIES).flatMap(([kind, plugins]) =>
    Object.entries(plugins).flatMap(([plugin, spec]) => (spec.required ?? []).map((prop) => [kind, plugin, prop] as const)));
  test.each(required)('%s %s without %s is refused', (kind, plugin, prop) => {
    const props = Object.fromEntries(((PLUGIN_PROPERTIES as any)[kind][plugin].required as string[] ?? []).filter((p) => p !== prop).map((p) => [p, 'x']));
    const factories: Record<string, () => any> = {
      input: () => ({ inputs: [h.FluentBitInput.of(plugin, props)], outputs: [h.FluentBitOutput.stdout()] }),
      filter: () => ({ filters: [h.FluentBitFilter.of(plugin, props)], outputs: [h.FluentBitOutput.stdout()] }),
      output: () => ({ outputs: [h.FluentBitOutput.of(plugin, props)] }),
    };
    expect(synthError(factories[kind]())).toContain(`${kind}s[0].${plugin}.${prop}: undefined is not valid; the ${plugin} ${kind} requires ${prop}`);
  });

  const badValues: Array<[string, string, string, string]> = [
    ['bool', 'loki', 'auto_kubernetes_labels', 'yes'],
    ['int', 'es', 'workers', '-1'],
    ['port', 'forward', 'port', '0'],
    ['size', 'es', 'buffer_size', '5 MB'],
    ['time', 's3', 'upload_timeout', '10 minutes'],
    ['host', 'syslog', 'host', 'syslog.example.com:514'],
    ['uri', 'http', 'uri', 'ingest'],
    ['path', 'forward', 'tls.ca_file', 'ca.crt'],
    ['keyvalue', 'http', 'header', 'X-Only-Key'],
    ['enum', 'syslog', 'mode', 'quic'],
    ['string', 'loki', 'tenant_id', ''],
  ];
  test.each(badValues)('a bad %s value is refused (%s %s = %j)', (format, plugin, prop, value) => {
    const valid = Object.fromEntries((PLUGIN_PROPERTIES.output[plugin].required ?? []).map((p) => [p, 'x']));
    const problems = pluginPropertyProblems('output', plugin, { ...valid, [prop]: value }, `outputs[0].${plugin}`);
    expect(problems).toHaveLength(1);
    expect(problems[0].rule).toEqual('HK-FLUENTBIT');
    expect(messageOf(problems[0])).toMatch(new RegExp(`^outputs\\[0\\]\\.${plugin}\\.${prop.replace('.', '\\.')}: ${JSON.stringify(value).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid; `));
    expect(format).toBeDefined();
  });
  /** A value each format refuses. */
  const BAD: Record<string, string> = {
    bool: 'yes', int: '1.5', port: '65536', size: '5 MB', time: 'soon', host: 'https://h', uri: 'x', path: 'rel/ative', keyvalue: 'lonely', string: 'two\nlines',
  };
  /** A value each format accepts. */
  const GOOD: Record<string, string> = { bool: 'on', int: '1', port: '80', size: '1M', time: '1s', host: 'h', uri: '/', path: '/p', keyvalue: 'k v', string: 'x' };
  const everyProperty = Object.entries(PLUGIN_PROPERTIES).flatMap(([kind, plugins]) => Object.entries(plugins).map(([plugin, spec]) => [kind, plugin, spec] as const));
  test.each(everyProperty)('every property of the %s %s refuses a bad value', (kind, plugin, spec) => {
    const good = (name: string) => {
      const format = spec.properties[name].format;
      return Array.isArray(format) ? format[0] : GOOD[format as string];
    };
    const valid = Object.fromEntries([...(spec.required ?? []), ...(spec.requiredOneOf ?? []).slice(0, 1)].map((p) => [p, good(p)]));
    for (const [prop, { format }] of Object.entries(spec.properties)) {
      const bad = Array.isArray(format) ? 'not-an-allowed-value' : BAD[format as string];
      const problems = pluginPropertyProblems(kind as any, plugin, { ...valid, [prop]: bad }, 'f').map(messageOf);
      expect(problems).toEqual([expect.stringContaining(`f.${prop}: ${JSON.stringify(bad)} is not valid; `)]);
    }
  });
  test('environment references are accepted for any format; lists only for multi-valued properties', () => {
    expect(pluginPropertyProblems('output', 'loki', { host: '${LOKI_HOST}', port: '${LOKI_PORT}' }, 'o')).toEqual([]);
    expect(pluginPropertyProblems('output', 'loki', { host: ['a', 'b'] }, 'o').map(messageOf)).toEqual(['o.host: ["a","b"] is not valid; host takes one value']);
    expect(pluginPropertyProblems('output', 'http', { host: 'h', header: ['A b', 'C d'] }, 'o')).toEqual([]);
    expect(pluginPropertyProblems('output', 'unknown_plugin', { anything: 'goes' }, 'o')).toEqual([]);
  });
});

describe('untyped callers get clear errors', () => {
  test('outputs missing, empty, or not a list', () => {
    expect(synthError({})).toContain('[inside/logs] outputs: required; expected a list (each: FluentBitOutput)');
    expect(synthError({ outputs: [] })).toContain('[inside/logs] outputs: [] is not valid; FluentBit needs at least one output');
    expect(synthError({ outputs: 'loki' })).toContain('[inside/logs] outputs: the string "loki" is not valid; expected a list');
  });
  test('a plain object where a factory result is expected', () => {
    expect(synthError({ outputs: [{ plugin: 'loki', host: 'x' }] })).toContain('[inside/logs] outputs[0]: a plain object is not valid; expected a FluentBitOutput: FluentBitOutput.elasticsearch(...)');
  });
  test('wrong types inside options', () => {
    expect(() => h.FluentBitOutput.loki({ host: 'l', labels: 'job=x' } as any)).toThrow('[FluentBitOutput.loki] options.labels: the string "job=x" is not valid; expected a map');
    expect(() => h.FluentBitOutput.loki({ host: 'l', labelKeys: 'a' } as any)).toThrow('[FluentBitOutput.loki] options.labelKeys: the string "a" is not valid; expected a list');
    expect(() => h.FluentBitOutput.loki({ host: 'l', bearerToken: 'secret' } as any)).toThrow('[FluentBitOutput.loki] options.bearerToken: the string "secret" is not valid');
    expect(() => h.FluentBitFilter.grep({ include: 'log x' } as any)).toThrow('[FluentBitFilter.grep] options.include: the string "log x" is not valid; expected a list');
    expect(() => h.FluentBitFilter.throttle({ rate: '10' } as any)).toThrow('[FluentBitFilter.throttle] options.rate: the string "10" is not valid; expected a finite number');
    expect(synthError({ outputs: [h.FluentBitOutput.stdout()], flushSeconds: 'often' })).toContain('[inside/logs] flushSeconds: the string "often" is not valid; expected a finite number');
    expect(synthError({ outputs: [h.FluentBitOutput.stdout()], namespace: 'cozy-logs' })).toContain('[inside/logs] namespace: "cozy-logs" is not valid; the kube- and cozy- prefixes belong to the platform');
    expect(synthError({ outputs: [h.FluentBitOutput.stdout()], image: 'fluent/fluent-bit:latest' })).toContain('[inside/logs] image: the string "fluent/fluent-bit:latest" is not valid; expected a FluentBitImage');
    expect(synthError({ outputs: [h.FluentBitOutput.stdout()], parsers: [h.FluentBitParser.of({ name: 'p', format: h.FluentBitParserFormat.REGEX, regex: '^(.*)$' })] })).toContain('parsers[0].regex: "^(.*)$" is not valid; expected named groups');
    expect(synthError({ outputs: [h.FluentBitOutput.stdout()], parsers: [h.FluentBitParser.of({ name: 'p', format: h.FluentBitParserFormat.JSON, regex: '(?<a>x)' })] })).toContain('parsers[0].regex: "(?<a>x)" is not valid; only regex parsers take a regular expression');
  });
  test('a misspelt option key is named as such', () => {
    expect(() => h.FluentBitOutput.loki({ hots: 'loki' } as any)).toThrow('[FluentBitOutput.loki] options.hots: unknown option of LokiOutputOptions; did you mean host?');
  });
  test('two collectors in one namespace', () => {
    const c = chart();
    new h.FluentBit(c.chart, 'a', { outputs: [h.FluentBitOutput.stdout()] });
    new h.FluentBit(c.chart, 'b', { outputs: [h.FluentBitOutput.stdout()] });
    expect(() => c.app.synthYaml()).toThrow('[inside/b] namespace: "fluent-bit" is not valid; inside/a already runs FluentBit there; give each FluentBit its own namespace');
  });
  test('outside a TenantClusterChart', () => {
    expect(() => new h.FluentBit(Testing.app(), 'logs', { outputs: [h.FluentBitOutput.stdout()] })).toThrow('[logs] scope: "logs" is not valid; this construct belongs in a TenantClusterChart');
  });
});
