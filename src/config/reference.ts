// docs/configuration.md: the configuration reference, generated from the JSON Schema (and so from
// the zod schema) so that it cannot drift from what the loader accepts. `npm run docs` writes it.
import { configJsonSchema } from './json-schema.js';

interface Node {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, Node>;
  additionalProperties?: Node | boolean;
  items?: Node;
  anyOf?: Node[];
  required?: string[];
}

const INTRO = `# Configuration reference

Generated from the schema by \`npm run docs\`; do not edit by hand.

lvsd reads one YAML file (default \`/etc/lvsd/lvsd.yaml\`), then every \`*.yaml\` in the \`conf.d/\`
directory beside it in name order, then the files named by \`include:\` (paths or globs with \`*\`, \`?\`
and \`[...]\`, relative to the including file; a glob that matches nothing is fine, a named file that is
missing is an error). Maps merge by name; a name defined twice (an instance, a script, a track file,
a sync group, a virtual server address:port:protocol or fwmark) is an error naming both places.
\`global\` and \`connection_sync\` may appear in one file only.

Durations are \`10ms\`, \`1s\`, \`1.5s\`, \`5m\`, \`1h\` or a number of seconds. \`lvsd --print-config\` prints
the merged configuration with every default filled in, durations in milliseconds and shorthands
expanded. \`lvsd --check\` reports every error at once as \`file:line:column: key.path: message\`, and
exits 0 (valid), 1 (invalid) or 2 (the main file cannot be read). Editors get completion and
checking from \`schema/lvsd.schema.json\` (add \`# yaml-language-server: $schema=.../lvsd.schema.json\`).
`;

export function configReference(): string {
  const root = configJsonSchema() as Node;
  const out = [INTRO];
  const props = root.properties ?? {};
  const sections: [string, Node | undefined][] = [
    ['global', props.global],
    ['vrrp_scripts.NAME', mapValue(props.vrrp_scripts)],
    ['vrrp_track_files.NAME', mapValue(props.vrrp_track_files)],
    ['vrrp_instances.NAME', mapValue(props.vrrp_instances)],
    ['vrrp_sync_groups.NAME', mapValue(props.vrrp_sync_groups)],
    ['virtual_servers[]', props.virtual_servers?.items],
    ['connection_sync', props.connection_sync],
  ];
  out.push('## Top level\n', table(root, ''));
  const seen = new Map<string, string>();
  for (const [title, node] of sections) if (node !== undefined) section(out, title, node, seen);
  return `${out.join('\n').trimEnd()}\n`;
}

/** Writes the section of an object and its nested objects; one already written is referred to. */
function section(out: string[], title: string, node: Node, seen: Map<string, string>): void {
  const object = objectOf(node);
  if (object === undefined) return;
  const key = JSON.stringify(object);
  const earlier = seen.get(key);
  if (earlier !== undefined) {
    out.push(`## ${title}\n`, `As \`${earlier}\`.\n`);
    return;
  }
  seen.set(key, title);
  out.push(`## ${title}\n`);
  if (object.description !== undefined) out.push(`${capitalize(object.description)}.\n`);
  out.push(table(object, ''));
  for (const [key, child] of Object.entries(object.properties ?? {})) {
    const nested = objectOf(child.items ?? child) ?? objectOf(mapValue(child) ?? {});
    if (nested?.properties !== undefined && Object.keys(nested.properties).length > 0) {
      section(out, `${title}.${key}${child.items ? '[]' : ''}`, nested, seen);
    }
  }
}

function table(object: Node, prefix: string): string {
  const rows = Object.entries(object.properties ?? {}).map(([key, node]) => {
    const required = object.required?.includes(key) === true && node.default === undefined;
    const description = node.description ?? objectOf(node)?.description ?? '';
    return `| \`${prefix}${key}\` | ${typeName(node)} | ${required ? '**required**' : formatDefault(node.default)} | ${escape(description)} |`;
  });
  return ['| key | type | default | meaning |', '| --- | --- | --- | --- |', ...rows, ''].join('\n');
}

function typeName(node: Node): string {
  if (node.enum !== undefined) return node.enum.map((v) => `\`${String(v)}\``).join(' \\| ');
  if (node.const !== undefined) return `\`${String(node.const)}\``;
  if (node.anyOf !== undefined) return [...new Set(node.anyOf.map(typeName))].join(' or ');
  const type = Array.isArray(node.type) ? node.type.join(' or ') : (node.type ?? 'any');
  if (type === 'array') return `list of ${node.items === undefined ? 'any' : typeName(node.items)}`;
  if (type === 'object') return node.properties === undefined ? 'map' : 'map (below)';
  if (type === 'integer' && node.minimum !== undefined && node.maximum !== undefined)
    return `integer ${node.minimum}..${node.maximum}`;
  return type;
}

function objectOf(node: Node): Node | undefined {
  if (node.properties !== undefined) return node;
  return node.anyOf?.find((n) => n.properties !== undefined);
}

function mapValue(node: Node | undefined): Node | undefined {
  return typeof node?.additionalProperties === 'object' ? node.additionalProperties : undefined;
}

function formatDefault(value: unknown): string {
  return value === undefined ? '' : `\`${JSON.stringify(value)}\``;
}

function escape(text: string): string {
  return text.replaceAll('|', '\\|');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
