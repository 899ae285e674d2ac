import test from 'ava';
import { PassThrough } from 'node:stream';
import { createLogger, type LoggerOptions } from '../../../src/lib/logger.js';

function capture(
  options: Omit<LoggerOptions, 'stream'>,
  write: (log: ReturnType<typeof createLogger>) => void,
): Promise<string[]> {
  const stream = new PassThrough();
  const lines: string[] = [];
  stream.on('data', (d: Buffer) =>
    lines.push(
      ...d
        .toString()
        .split('\n')
        .filter((l) => l !== ''),
    ),
  );
  const log = createLogger({ ...options, stream });
  write(log);
  return new Promise((resolve) => setImmediate(() => resolve(lines)));
}

test('text lines carry time, level, component, message and key=value fields', async (t) => {
  const lines = await capture({ level: 'info', format: 'text' }, (log) => {
    log
      .child({ component: 'vrrp' })
      .info('BACKUP -> MASTER (master down timer)', { instance: 'web', priority: 150, note: 'two words' });
  });
  t.is(lines.length, 1);
  t.regex(
    lines[0] ?? '',
    /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z info \[vrrp\] BACKUP -> MASTER \(master down timer\) instance=web priority=150 note="two words"$/,
  );
});

test('json lines are one object each', async (t) => {
  const lines = await capture({ level: 'info', format: 'json' }, (log) => log.warn('hello', { a: 1 }));
  const entry = JSON.parse(lines[0] ?? '');
  t.like(entry, { level: 'warn', message: 'hello', a: 1 });
  t.regex(entry.timestamp, /^\d{4}-/);
});

test('the level filters', async (t) => {
  const lines = await capture({ level: 'warn', format: 'text' }, (log) => {
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
  });
  t.deepEqual(
    lines.map((l) => l.split(' ')[1]),
    ['warn', 'error'],
  );
});
