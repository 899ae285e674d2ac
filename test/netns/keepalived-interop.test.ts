// Interop with keepalived (Debian's package, --vrrp): lvsd and keepalived in both roles, VRRP v3 at
// 50 ms and v2 at 1 s over IPv4, and v3 over IPv6. The backup stays backup while the master lives;
// each takes over from the other after a crash (SIGKILL of the group plus link down) and after SIGTERM.
import test, { type ExecutionContext } from 'ava';
import { waitPing } from './helpers/checks.js';
import { scratch, writeKeepalivedConfig, writeLvsdConfig, type InstanceOptions } from './helpers/configs.js';
import { KEEPALIVED_BACKUP, KEEPALIVED_MASTER, startKeepalived } from './helpers/keepalived.js';
import { createLab, hasAddress, SUBNET4, SUBNET6, type Lab } from './helpers/lab.js';
import { crash, startLvsd, stop, type Proc } from './helpers/procs.js';
import { holds, waitFor } from './helpers/wait.js';

interface Case {
  version: 2 | 3;
  family: 'ipv4' | 'ipv6';
  advertInterval: string;
  /** v2 simple-password authentication on both sides. */
  password?: string;
}

const cases: Case[] = [
  { version: 3, family: 'ipv4', advertInterval: '50ms' },
  { version: 2, family: 'ipv4', advertInterval: '1s', password: 's3cret' },
  { version: 3, family: 'ipv6', advertInterval: '50ms' },
];

function vipOf(c: Case): { address: string; prefixed: string } {
  return c.family === 'ipv4'
    ? { address: `${SUBNET4}.100`, prefixed: `${SUBNET4}.100/24` }
    : { address: `${SUBNET6}100`, prefixed: `${SUBNET6}100/64` };
}

/** How long a backup may take to notice a crashed master: 3 adverts + skew, with margin. */
function crashBudgetMs(c: Case): number {
  return c.version === 2 ? 6000 : 1500;
}

async function scenario(t: ExecutionContext, c: Case, lvsdIsMaster: boolean): Promise<void> {
  const lab: Lab = createLab(['lvsd', 'kad', 'client']);
  t.teardown(() => lab.destroy());
  const files = scratch();
  t.teardown(files.cleanup);
  const vip = vipOf(c);
  const options = (priority: number): InstanceOptions => ({
    priority,
    version: c.version,
    advertInterval: c.advertInterval,
    vips: [vip.prefixed],
    ...(c.password === undefined ? {} : { password: c.password }),
  });
  const lvsdPriority = lvsdIsMaster ? 150 : 100;
  const kaPriority = lvsdIsMaster ? 100 : 150;
  const lvsdConfig = writeLvsdConfig(files.dir, 'lvsd', { web: options(lvsdPriority) });
  const kaConfig = writeKeepalivedConfig(files.dir, 'kad', options(kaPriority));
  const stateTimeout = c.version === 2 ? 8000 : 3000;

  const startMaster = (): Proc =>
    lvsdIsMaster
      ? startLvsd(lab.ns('lvsd'), 'lvsd', lvsdConfig)
      : startKeepalived(lab.ns('kad'), 'kad', files.dir, kaConfig);
  const startBackup = (): Proc =>
    lvsdIsMaster
      ? startKeepalived(lab.ns('kad'), 'kad', files.dir, kaConfig)
      : startLvsd(lab.ns('lvsd'), 'lvsd', lvsdConfig);
  const masterHost = lvsdIsMaster ? 'lvsd' : 'kad';
  const backupHost = lvsdIsMaster ? 'kad' : 'lvsd';
  const becameMaster = (p: Proc) =>
    (p.name === 'lvsd' ? /web: BACKUP -> MASTER/ : KEEPALIVED_MASTER).test(p.output());
  const masterCount = (p: Proc) =>
    p.output().split(p.name === 'lvsd' ? 'BACKUP -> MASTER' : 'Entering MASTER STATE').length - 1;

  let master = startMaster();
  await waitFor(
    `${master.name} to become master`,
    () => becameMaster(master),
    stateTimeout,
    20,
    () => master.output(),
  );
  const backup = startBackup();
  await backup.waitOutput(backup.name === 'lvsd' ? /web: INIT -> BACKUP/ : KEEPALIVED_BACKUP, stateTimeout);
  await waitFor('the VIP on the master', () => hasAddress(lab, masterHost, vip.address), 2000);
  await waitPing(lab, 'client', vip.address);
  // The backup hears the master and stays backup: well past its master-down interval.
  await holds(
    `${backup.name} to stay backup`,
    () => masterCount(backup) === 0 && !hasAddress(lab, backupHost, vip.address),
    c.version === 2 ? 5000 : 1000,
  );

  // Crash of the master: the backup takes over.
  let t0 = Date.now();
  await crash(master);
  lab.cable(masterHost, false);
  await waitFor(
    `${backup.name} to take over after a crash`,
    () => hasAddress(lab, backupHost, vip.address),
    crashBudgetMs(c),
    10,
    () => backup.output(),
  );
  const crashMs = Date.now() - t0;
  await waitPing(lab, 'client', vip.address);

  // The master returns (link up, stale VIP cleaned by lvsd or replaced by keepalived) and preempts.
  lab.cable(masterHost, true);
  if (master.name === 'kad') lab.tryExec('kad', ['ip', 'addr', 'del', vip.prefixed, 'dev', 'eth0']);
  master = startMaster();
  await waitFor(
    `${master.name} to preempt`,
    () => becameMaster(master),
    stateTimeout,
    20,
    () => master.output(),
  );
  await waitFor(
    `${backup.name} to release the VIP`,
    () => !hasAddress(lab, backupHost, vip.address),
    stateTimeout,
  );
  await waitPing(lab, 'client', vip.address);

  // SIGTERM of the master: priority 0, the backup takes over after its skew time.
  t0 = Date.now();
  const stopped = stop(master);
  await waitFor(
    `${backup.name} to take over after SIGTERM`,
    () => hasAddress(lab, backupHost, vip.address),
    crashBudgetMs(c),
    10,
    () => backup.output(),
  );
  const termMs = Date.now() - t0;
  await stopped;
  t.false(hasAddress(lab, masterHost, vip.address), `${master.name} removed its VIP on SIGTERM`);
  await waitPing(lab, 'client', vip.address);
  t.log(`${backup.name} took over from ${master.name}: crash ${crashMs} ms, SIGTERM ${termMs} ms`);
  await stop(backup);
  if (backup.name === 'lvsd')
    t.notRegex(backup.output(), /advert dropped/, 'lvsd accepted every keepalived advert');
  for (const p of [backup, master])
    if (p.name === 'kad')
      t.notRegex(p.output(), /bogus|checksum|invalid/i, 'keepalived accepted every lvsd advert');
  t.pass();
}

for (const c of cases) {
  const label = `v${c.version} ${c.family} ${c.advertInterval}${c.password === undefined ? '' : ' auth PASS'}`;
  test(`${label}: lvsd master, keepalived backup`, (t) => scenario(t, c, true));
  test(`${label}: keepalived master, lvsd backup`, (t) => scenario(t, c, false));
}
