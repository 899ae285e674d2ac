// `lvsctl status` as text: the processes, one line per VRRP instance (state, priority, master, VIPs
// held, adverts received and dropped), then the IPVS table as `ipvsadm -Ln` prints it.
import type { IpvsStatus } from './ipvs-service.js';
import type { RuntimeInstanceInfo } from './vrrp-runtime.js';

export interface StatusView {
  routerId: string;
  processes: Record<string, number | null>;
  vrrp: RuntimeInstanceInfo[] | { error: string };
  ipvs: IpvsStatus | null | { error: string };
}

export function statusText(view: StatusView): string {
  const procs = Object.entries(view.processes)
    .map(([name, pid]) => `${name} ${pid ?? '-'}`)
    .join(', ');
  const lines = [`lvsd ${view.routerId} (pids: ${procs})`, '', 'VRRP'];
  if ('error' in view.vrrp) lines.push(`  unavailable: ${view.vrrp.error}`);
  else if (view.vrrp.length === 0) lines.push('  no instance running');
  else
    lines.push(
      ...table(view.vrrp.map(instanceRow), [
        'INSTANCE',
        'VRID',
        'STATE',
        'PRIO',
        'MASTER',
        'VIPS',
        'RX',
        'DROPPED',
      ]),
    );
  lines.push('', 'IPVS');
  const ipvs = view.ipvs;
  if (ipvs === null) lines.push('  not started');
  else if ('error' in ipvs && !('state' in ipvs)) lines.push(`  unavailable: ${ipvs.error}`);
  else if ('state' in ipvs) {
    if (ipvs.table === null)
      lines.push(`  ${ipvs.state}${ipvs.error === undefined ? '' : `: ${ipvs.error}`}`);
    else lines.push(...ipvs.table.trimEnd().split('\n'));
  }
  return lines.join('\n');
}

function instanceRow(i: RuntimeInstanceInfo): string[] {
  const dropped = { ...i.dropped, ...i.codecDrops };
  const drops = Object.entries(dropped)
    .map(([reason, n]) => `${reason}:${n}`)
    .join(',');
  const priority = i.priority === i.basePriority ? `${i.priority}` : `${i.priority} (${i.basePriority})`;
  const master = i.master === null ? '-' : `${i.master.address} (${i.master.priority})`;
  return [
    i.name,
    String(i.vrid),
    i.state,
    priority,
    master,
    i.vipsHeld ? 'held' : '-',
    String(i.received),
    drops || '0',
  ];
}

function table(rows: string[][], header: string[]): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
  return all.map((r) => `  ${r.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  ')}`.trimEnd());
}
