#!/usr/bin/env node
// `npm run demo`: as root, the failover demo in network namespaces (two lvsd directors and a client:
// election, a crash and the takeover with the client's gap, preemption, a reload with a changed VIP),
// then the configuration checks. It runs to the end without input, and removes everything it created,
// also on Ctrl-C or an error. Without root it says so and runs the configuration part only.
import { spawnSync } from 'node:child_process';
import { failoverDemo } from './demo/failover.mjs';
import { validationDemo } from './demo/validate.mjs';

function canRunNamespaces() {
  if (process.getuid?.() !== 0) return 'it needs root (network namespaces, raw sockets)';
  const r = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  if (r.error || r.status !== 0)
    return `"ip netns" does not work here: ${r.error?.message ?? r.stderr.trim()}`;
  for (const tool of ['ping']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return `${tool} is not installed`;
  }
  return null;
}

// Ctrl-C or a kill: the exit handlers of the lab remove the namespaces and end its processes.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    console.log(`\n${signal}: tearing the demo down`);
    process.exit(130);
  });
}

let ok = true;
const why = canRunNamespaces();
if (why === null) {
  try {
    ok = await failoverDemo();
  } catch (e) {
    console.error(`\ndemo failed: ${e instanceof Error ? e.message : String(e)}`);
    ok = false;
  }
} else {
  console.log(`*** The failover demo was NOT run: ${why}.`);
  console.log('*** Run it as root (sudo npm run demo). Below: the configuration part only.\n');
}
console.log('\n######## configuration checks ########\n');
ok = validationDemo() && ok;
process.exit(ok ? 0 : 1);
