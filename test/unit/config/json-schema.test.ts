// The shipped JSON Schema is the one generated from the zod schema, and it describes every key
// the examples use (what editors rely on for completion and checking).
import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import jsyaml from 'js-yaml';
import { configJsonSchema } from '../../../src/config/json-schema.js';
import { configReference } from '../../../src/config/reference.js';
import { repoRoot } from '../../helpers/paths.js';

type JsonSchema = {
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  type?: string | string[];
};

test('schema/lvsd.schema.json is up to date (npm run schema regenerates it)', (t) => {
  const shipped = JSON.parse(readFileSync(join(repoRoot, 'schema/lvsd.schema.json'), 'utf8'));
  t.deepEqual(shipped, JSON.parse(JSON.stringify(configJsonSchema())));
});

/** Every map key in `value` must be declared by `schema`; returns the undeclared key paths. */
function undeclared(value: unknown, schema: JsonSchema, path: string): string[] {
  if (schema.anyOf !== undefined) {
    const attempts = schema.anyOf.map((s) => undeclared(value, s, path));
    return attempts.find((a) => a.length === 0) ?? attempts.flat();
  }
  if (Array.isArray(value))
    return value.flatMap((v, i) => (schema.items ? undeclared(v, schema.items, `${path}[${i}]`) : []));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, v]) => {
    const sub =
      schema.properties?.[key] ??
      (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
    return sub === undefined ? [`${path}.${key}`] : undeclared(v, sub, `${path}.${key}`);
  });
}

test('the JSON Schema declares every key of every example, and rejects unknown keys', (t) => {
  const schema = configJsonSchema() as JsonSchema;
  const files = readdirSync(join(repoRoot, 'examples'), { recursive: true, encoding: 'utf8' }).filter((f) =>
    f.endsWith('.yaml'),
  );
  t.true(files.length >= 8);
  for (const file of files) {
    const data = jsyaml.load(readFileSync(join(repoRoot, 'examples', file), 'utf8'));
    t.deepEqual(undeclared(data, schema, file), [], file);
  }
  t.deepEqual(undeclared({ vrrp_instances: { web: { intreface: 'eth0' } } }, schema, ''), [
    '.vrrp_instances.web.intreface',
  ]);
  t.is(schema.additionalProperties, false);
});

test('docs/configuration.md is up to date (npm run docs regenerates it) and names every section', (t) => {
  const shipped = readFileSync(join(repoRoot, 'docs/configuration.md'), 'utf8');
  t.is(shipped, configReference());
  for (const heading of [
    '## global',
    '## vrrp_instances.NAME',
    '## virtual_servers[].real_servers[]',
    '## connection_sync',
  ]) {
    t.true(shipped.includes(`\n${heading}\n`), heading);
  }
});
