import * as fs from 'fs';
import * as path from 'path';
import { InstanceType } from '../../src';

// The constants' documentation states their sizes; it must say what the catalog entry holds.
test('every instance-type constant documents the size its catalog entry has', () => {
  const source = fs.readFileSync(path.join(__dirname, '../../src/model/instance-type.ts'), 'utf8');
  const documented = [...source.matchAll(/\/\*\* `([\w.]+)`: (\d+) vCPUs?, (\d+) (GiB|MiB) of memory[^*]*\*\/\n\s*public static readonly (\w+) =/g)];
  const constants = Object.entries(InstanceType).filter(([, v]) => v instanceof InstanceType) as Array<[string, InstanceType]>;
  expect(documented.map((m) => m[5]).sort()).toEqual(constants.map(([k]) => k).sort());
  for (const [, name, vcpus, amount, unit, constant] of documented) {
    const type = (InstanceType as any)[constant] as InstanceType;
    expect({ constant, name: type.name, vcpus: type.vcpus, mebibytes: type.memory?.toMebibytes() })
      .toEqual({ constant, name, vcpus: Number(vcpus), mebibytes: Number(amount) * (unit === 'GiB' ? 1024 : 1) });
  }
});
