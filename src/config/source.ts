// One configuration file: its text, its data, and positions of keys and values for errors.
//
// Valid loads must be fast: the `yaml` package, which knows positions, parses about ten times slower
// than js-yaml (bench/config.ts). So js-yaml parses, and `yaml` parses a file again only when it
// has something to report. `yaml` is the reference: when js-yaml rejects a file that `yaml`
// accepts, the data comes from `yaml`. Both use the YAML 1.2 core schema plus merge keys (<<).
import jsyaml from 'js-yaml';
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node,
} from 'yaml';

export type KeyPath = readonly (string | number)[];

export interface Position {
  file: string;
  line: number;
  column: number;
}

export interface SyntaxIssue {
  position: Position;
  message: string;
}

/** Where an error points: the value at the path, the key that names it, or (for a missing key) its parent's key. */
export type Target = 'value' | 'key' | 'missing';

// js-yaml exports its built-in types at run time; @types/js-yaml does not declare them.
const { merge } = (jsyaml as unknown as { types: { merge: jsyaml.Type } }).types;
const FAST_SCHEMA = jsyaml.CORE_SCHEMA.extend({ implicit: [merge] });

export class SourceFile {
  #parsed?: { doc: Document.Parsed; lines: LineCounter };

  constructor(
    readonly path: string,
    readonly text: string,
  ) {}

  /** The file's data (an empty file is an empty map), or its syntax errors with positions. */
  parse(): { ok: true; data: unknown } | { ok: false; issues: SyntaxIssue[] } {
    try {
      return { ok: true, data: jsyaml.load(this.text, { schema: FAST_SCHEMA, filename: this.path }) ?? {} };
    } catch {
      const { doc, lines } = this.#document();
      if (doc.errors.length === 0) return { ok: true, data: doc.toJS({ maxAliasCount: 1000 }) ?? {} };
      const issues = doc.errors.map((error) => {
        const { line, col } = lines.linePos(error.pos[0]);
        return { position: { file: this.path, line, column: col }, message: firstLine(error.message) };
      });
      return { ok: false, issues };
    }
  }

  /** The position of the node at `path`, or of the nearest enclosing node that exists. */
  position(path: KeyPath, target: Target = 'value'): Position {
    if (target === 'missing') return this.position(path.slice(0, -1), 'key');
    const { doc, lines } = this.#document();
    let node: unknown = doc.contents;
    let offset = rangeStart(node) ?? 0;
    for (const [i, segment] of path.entries()) {
      const found = child(doc, node, segment);
      if (found === undefined) break;
      node = found.value;
      const keyOffset = i === path.length - 1 && target === 'key' ? rangeStart(found.key) : undefined;
      offset = keyOffset ?? rangeStart(found.value) ?? rangeStart(found.key) ?? offset;
    }
    const { line, col } = lines.linePos(offset);
    return { file: this.path, line, column: col };
  }

  #document(): { doc: Document.Parsed; lines: LineCounter } {
    if (this.#parsed === undefined) {
      const lines = new LineCounter();
      const doc = parseDocument(this.text, {
        lineCounter: lines,
        prettyErrors: false,
        merge: true,
        uniqueKeys: true,
      });
      this.#parsed = { doc, lines };
    }
    return this.#parsed;
  }
}

function child(
  doc: Document.Parsed,
  node: unknown,
  segment: string | number,
): { key: unknown; value: unknown } | undefined {
  const resolved = isAlias(node) ? node.resolve(doc) : node;
  if (isSeq(resolved) && typeof segment === 'number') {
    const item = resolved.items[segment];
    return item === undefined ? undefined : { key: undefined, value: item };
  }
  if (!isMap(resolved)) return undefined;
  let merged: { key: unknown; value: unknown } | undefined;
  for (const pair of resolved.items) {
    if (!isPair(pair)) continue;
    const key = isScalar(pair.key) ? pair.key.value : pair.key;
    // With merge keys on, `yaml` gives the << key the value Symbol(<<).
    const isMergeKey = key === '<<' || (typeof key === 'symbol' && key.description === '<<');
    if (isMergeKey) merged ??= fromMergeKey(doc, pair.value, segment);
    else if (String(key) === String(segment)) return { key: pair.key, value: pair.value };
  }
  return merged;
}

function fromMergeKey(
  doc: Document.Parsed,
  value: unknown,
  segment: string | number,
): { key: unknown; value: unknown } | undefined {
  const sources = isSeq(value) ? value.items : [value];
  for (const source of sources) {
    const found = child(doc, source, segment);
    if (found !== undefined) return found;
  }
  return undefined;
}

function rangeStart(node: unknown): number | undefined {
  return (node as Node | null | undefined)?.range?.[0];
}

function firstLine(message: string): string {
  return message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? message;
}
