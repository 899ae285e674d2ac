// The fast parser (js-yaml) and the positional one (yaml) must agree on what a file means.
import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { SourceFile } from '../../../src/config/source.js';
import { repoRoot } from '../../helpers/paths.js';

const reference = (text: string): unknown => parse(text, { merge: true }) ?? {};

function fast(text: string): unknown {
  const result = new SourceFile('/x.yaml', text).parse();
  if (!result.ok) throw new Error(result.issues.map((i) => i.message).join('; '));
  return result.data;
}

test('both parsers read every example identically', (t) => {
  const files = readdirSync(join(repoRoot, 'examples'), { recursive: true, encoding: 'utf8' }).filter((f) =>
    f.endsWith('.yaml'),
  );
  for (const file of files) {
    const text = readFileSync(join(repoRoot, 'examples', file), 'utf8');
    t.deepEqual(fast(text), reference(text), file);
  }
});

test('both parsers resolve YAML 1.2 core scalars identically', (t) => {
  const scalars = [
    '1_000',
    '0o17',
    '0x1F',
    '017',
    '+12',
    '.inf',
    '-.Inf',
    '~',
    'Yes',
    'on',
    'TRUE',
    '2001:db8::1',
    '1:20',
    '2001-12-14',
    '1e3',
    '.5',
    '"\\x41"',
    "'it''s'",
    '!!str 12',
    'Null',
    '0777',
  ];
  for (const scalar of scalars) {
    const text = `k: ${scalar}\n`;
    t.deepEqual(fast(text), reference(text), scalar);
  }
});

test('the one known difference: js-yaml reads 0b101 as 5, yaml as a string', (t) => {
  t.deepEqual(fast('k: 0b101\n'), { k: 5 });
  t.deepEqual(reference('k: 0b101\n'), { k: '0b101' });
});

test('merge keys and anchors mean the same to both', (t) => {
  const text = 'a: &x { p: 1, q: 2 }\nb:\n  <<: *x\n  q: 3\nc: [*x, *x]\n';
  t.deepEqual(fast(text), reference(text));
  t.deepEqual(fast(text), {
    a: { p: 1, q: 2 },
    b: { p: 1, q: 3 },
    c: [
      { p: 1, q: 2 },
      { p: 1, q: 2 },
    ],
  });
});

test('where js-yaml refuses a file that yaml accepts, the data comes from yaml', (t) => {
  t.deepEqual(fast('k: !custom value\n'), { k: 'value' });
});

test('an empty file or one with only comments is an empty map', (t) => {
  t.deepEqual(fast(''), {});
  t.deepEqual(fast('# nothing here\n'), {});
});

test('positions: values, keys, a missing key, list items, and through merge keys', (t) => {
  const source = new SourceFile(
    '/x.yaml',
    'a:\n  b: [10, 20]\n  c: { d: 1 }\nbase: &x\n  e: 5\nm:\n  <<: *x\n',
  );
  const at = (path: (string | number)[], target?: 'value' | 'key' | 'missing') => {
    const p = source.position(path, target);
    return `${p.line}:${p.column}`;
  };
  t.is(at(['a', 'b', 1]), '2:11');
  t.is(at(['a', 'c', 'd'], 'key'), '3:8');
  t.is(at(['a', 'c', 'd']), '3:11');
  t.is(at(['a', 'c', 'zz'], 'missing'), '3:3');
  t.is(at(['m', 'e']), '5:6');
  t.is(at(['a', 'nothing', 'deeper']), '2:3');
});
