import { cdk8s, javascript } from 'projen';

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-hikube',
  description: 'Typed CDK8s constructs for managed Kubernetes clusters on Hikube (Cozystack): tenant API, Cluster API rendering and day-2 objects, checked at synth time.',
  author: 'cdk8s-hikube maintainers',
  authorAddress: 'maintainers@cdk8s-hikube.dev',
  repositoryUrl: 'https://github.com/cdk8s-hikube/cdk8s-hikube.git',
  defaultReleaseBranch: 'main',
  license: 'Apache-2.0',
  keywords: ['cdk8s', 'kubernetes', 'hikube', 'cozystack', 'cluster-api', 'kamaji', 'kubevirt'],
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,

  jsiiVersion: '~6.0.0',
  cdk8sVersion: '2.70.0',
  constructsVersion: '10.4.2',
  peerDeps: ['cdk8s-plus-28@^2.5.6'],
  devDeps: [
    'cdk8s-cli@^2.200.0',
    'ajv-formats@^3.0.1',
    'fast-check@^4.0.0',
    // Layer-3 constructs take workloads from any cdk8s-plus line; the tests pass them objects from the newest.
    'cdk8s-plus-33@^2.5.57',
    // Names constants the way jsii-pacmak does, for the README's table of Python names.
    'codemaker@^1.140.0',
  ],
  minNodeVersion: '20.0.0',
  // Read at runtime: the line schemas are checked at synth and the command line parses YAML.
  bundledDeps: ['ajv@^8.17.0', 'yaml@^2.5.0'],
  bin: { 'cdk8s-hikube': 'bin/cdk8s-hikube' },

  // The shipped JavaScript carries no source maps: inline maps embedded the TypeScript sources and made up
  // most of the package's size and load time.
  tsconfig: {
    compilerOptions: { inlineSourceMap: false, inlineSources: false, sourceMap: false },
  },

  // The example app writes its YAML to dist/; packages go elsewhere so the two never mix.
  artifactsDirectory: 'dist-package',

  // No hosted CI or release automation: .ci/run is the pipeline.
  github: false,
  release: false,
  depsUpgrade: false,
  buildWorkflow: false,
  pullRequestTemplate: false,

  jestOptions: {
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testTimeout: 120_000,
      // test/guard/compiled-library.test.ts runs the compiled library; coverage counts the sources.
      coveragePathIgnorePatterns: ['/node_modules/', '/src/imports/', '<rootDir>/lib/'],
    },
  },
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test'],
    ignorePatterns: ['src/imports/**'],
  },

  publishToPypi: {
    distName: 'cdk8s-hikube',
    module: 'cdk8s_hikube',
  },
  publishToMaven: {
    javaPackage: 'dev.cdk8s_hikube',
    mavenGroupId: 'dev.cdk8s-hikube',
    mavenArtifactId: 'cdk8s-hikube',
  },
  publishToGo: {
    moduleName: 'github.com/cdk8s-hikube/cdk8s-hikube-go',
  },
  publishToNuget: {
    dotNetNamespace: 'Cdk8sHikube',
    packageId: 'Cdk8sHikube',
  },
});

// Tests assert whole error messages, which are long by design.
project.eslint?.addOverride({ files: ['test/**/*.ts'], rules: { '@stylistic/max-len': 'off' } });

// The library's layers, lowest first: a folder imports only from its own layer and the ones before it, and
// nothing inside imports the package index. test/architecture/layers.test.ts checks the same on the
// compiled require graph, which also sees the circles the lint cannot (two late requires in one circle).
const layers = [
  ['diagnostics'], ['errors.ts', 'imports'], ['model'], ['tenant'], ['cluster-api'], ['in-cluster'], ['synth'], ['cli'], ['index.ts'],
];
// The generated bindings import nothing of the library: the cycle search need not parse their 55,000 lines.
project.tryFindObjectFile('.eslintrc.json')?.addOverride('settings.import/ignore', ['/src/imports/']);
// Only the library's modules: nothing in it imports the tests, and following every test's imports through
// the whole library again tripled the lint time. A require() inside a function counts as an import; the
// search's shortcut over circles of import declarations alone would miss the circle it closes.
project.eslint?.addOverride({
  files: ['src/**/*.ts'],
  rules: {
    'import/no-cycle': ['error', { ignoreExternal: true, commonjs: true, disableScc: true }],
    'import/no-restricted-paths': ['error', {
      zones: layers.slice(0, -1).flatMap((layer, i) => layer.map((target) => ({
        target: `./src/${target}`,
        from: layers.slice(i + 1).flat().map((above) => `./src/${above}`),
        message: `layers import downwards only: ${layers.map((l) => l.join(' and ')).join(' -> ')}`,
      }))),
    }],
  },
});

// ts-jest 29 supports TypeScript 5 only.
project.deps.removeDependency('typescript');
project.addDevDeps('typescript@~5.9.0', '@types/node@^20');

// Generated bindings come from the API definitions kept in imports/; only the refresh reads an upstream checkout.
project.addTask('import', {
  description: 'Regenerate src/imports/ with cdk8s import from imports/ (CRDs and Cozystack value schemas)',
  exec: 'ts-node --project test/tsconfig.json scripts/import.ts',
});
project.addTask('refresh-imports', {
  description: 'Copy the API definitions listed in scripts/refresh-imports.ts from ../shared (or HIKUBE_SHARED_DIR) into imports/',
  exec: 'ts-node --project test/tsconfig.json scripts/refresh-imports.ts',
});

project.addTask('synth:example', {
  description: 'Synthesize the bundled example app to dist/',
  exec: 'ts-node --project test/tsconfig.json examples/main.ts',
});

project.addTask('benchmark', {
  description: 'Synthesize a fleet of clusters with validation and compare with bare ApiObjects',
  exec: 'node --expose-gc -r ts-node/register/transpile-only benchmark/fleet.ts',
  env: { TS_NODE_PROJECT: 'test/tsconfig.json' },
});

// Part of the compile (which the tests and the package run, not the post-compile): the index of the assembly
// and the schema validators the compiled library reads, instead of deriving them at first use.
const precompile = project.addTask('compile:derived', {
  description: 'Write the assembly index and the precompiled schema validators into lib/',
  exec: 'node -r ts-node/register/transpile-only scripts/precompile.ts',
  env: { TS_NODE_PROJECT: 'test/tsconfig.json' },
});
project.compileTask.spawn(precompile);

project.addTask('bench:startup', {
  description: "Time `check` of one manifest and the library's load against cdk8s and its peers (medians of 21 paired runs); fails when a ratio misses its target",
  exec: 'node -r ts-node/register/transpile-only benchmark/startup.ts',
  env: { TS_NODE_PROJECT: 'test/tsconfig.json' },
});

project.addTask('check:languages', {
  description: 'Generate Python, Java, Go and .NET sources with jsii-pacmak --code-only and byte-compile the Python',
  exec: 'bash scripts/check-languages.sh',
});

// Python and Java through their real jsii runtimes (kept in vendor/), offline. The dependencies' bindings take
// minutes to build and change only with their versions, so they are a task of their own, cached by version;
// npm test stays as it is and CI runs both.
project.addTask('bindings', {
  description: 'Build the Python wheels and Java jars of cdk8s, cdk8s-plus-28 and constructs into .bindings-cache/ (reused while their versions hold)',
  exec: 'bash scripts/bindings.sh',
});
const languages = project.addTask('test:languages', {
  description: "Build the library's Python and Java bindings and run the README's Python and Java examples, import --lang python and the corpora of mistakes",
  exec: 'ts-node --project test/tsconfig.json scripts/test-languages.ts',
});
languages.prependSpawn(project.compileTask);

project.addTask('check:api-docs', {
  description: 'Fail when a public type, member or parameter has no documentation, or API.md is not the generated one',
  exec: 'ts-node --project test/tsconfig.json scripts/check-api-docs.ts',
});
project.addTask('docs:constants', {
  description: 'Rewrite the README table of constants whose Python name differs',
  exec: 'ts-node --project test/tsconfig.json scripts/renamed-constants.ts --write',
});
project.addTask('docs:rules', {
  description: 'Rewrite the README table of rules from the rule catalog',
  exec: 'ts-node --project test/tsconfig.json scripts/rules-table.ts --write',
});
project.addTask('measure', {
  description: 'Packed and unpacked size of the npm package and the cold require time of the library',
  exec: 'ts-node --project test/tsconfig.json scripts/measure-package.ts',
});

// The test command also proves the library compiles under jsii, that API.md is the one generated from it
// (the test compares, never rewrites, so a stale committed API.md fails), and that the bindings and the
// README's snippets hold for every language.
project.testTask.prependSpawn(project.tasks.tryFind('check:api-docs')!);
project.testTask.prependSpawn(project.compileTask);
project.testTask.spawn(project.tasks.tryFind('check:languages')!);

project.gitignore.exclude('/dist/', '/dist-package/', '/benchmark.out/', '/.jsii-out/', '/test/docs/.snippets-*/', '/.bindings-cache/');
// The package ships the compiled library, its assembly and docs: not the definitions it is generated from,
// nor generated sources of other languages or build output.
// The value schemas under imports/schemas/ ship: the tenant document is checked against its line's schema at synth.
project.npmignore?.exclude('/examples/', '/benchmark/', '/scripts/', '/.ci/', '/imports/crds/', '/imports/k8s-schemas/', '/.jsii-out/', '/dist-package/', '/benchmark.out/',
  '/vendor/', '/.bindings-cache/');

project.synth();
