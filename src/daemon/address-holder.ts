// The addresses and routes of MASTER instances: added on add-vips, removed on remove-vips, recorded in
// state_dir, and put back when someone deletes one by hand while the instance is MASTER; a reload swaps
// the routes that changed. Kernel calls run one at a time, in the order they were asked for.
import type { Logger } from '../lib/logger.js';
import { sameIp } from '../lib/ip.js';
import type { AddressSpec, KernelNet, LinkInfo, NetResult, RouteSpec } from '../net/kernel-net.js';
import type { AddressRecord, RecordedAddress } from './address-state.js';
import type { HeldAddress } from './instance-spec.js';

export class AddressHolder {
  /** instance -> addresses held (MASTER). */
  private readonly held = new Map<string, HeldAddress[]>();
  private queue: Promise<void> = Promise.resolve();
  private verifying = false;
  private verifyAgain = false;

  constructor(
    private readonly net: KernelNet,
    private readonly record: AddressRecord,
    private readonly links: () => ReadonlyMap<string, LinkInfo>,
    private readonly routesOf: (instance: string) => readonly RouteSpec[],
    private readonly log: Logger,
  ) {}

  /** Resolves when every queued kernel call is done. */
  idle(): Promise<void> {
    return this.queue;
  }

  /** Runs fn once the kernel calls queued so far are done (GARPs after the VIPs they announce). */
  afterQueued(fn: () => void): void {
    this.enqueue(async () => fn());
  }

  isHeld(instance: string): boolean {
    return this.held.has(instance);
  }

  /** Adds addresses to what the instance holds (all of them on becoming MASTER, new ones on a reload). */
  add(instance: string, addresses: readonly HeldAddress[]): void {
    const before = this.held.get(instance) ?? [];
    this.held.set(instance, [...before.filter((a) => !addresses.some((b) => sameHeld(a, b))), ...addresses]);
    this.save();
    this.enqueue(async () => {
      for (const a of addresses) await this.addOne(a, 'added');
      await this.addRoutes(this.routesOf(instance));
    });
  }

  /** Removes addresses (all of them on leaving MASTER; the routes go with the last address). */
  remove(instance: string, addresses: readonly HeldAddress[]): void {
    const rest = (this.held.get(instance) ?? []).filter((a) => !addresses.some((b) => sameHeld(a, b)));
    if (rest.length > 0) this.held.set(instance, rest);
    else this.held.delete(instance);
    const routes = rest.length === 0 ? this.routesOf(instance) : [];
    this.enqueue(async () => {
      await this.deleteRoutes(routes);
      for (const a of addresses) {
        const spec = this.spec(a);
        if (spec === null) continue;
        const result = await this.net.deleteAddress(spec);
        if (this.report(result, 'delete address', a.address, 'EADDRNOTAVAIL'))
          this.log.info('VIP removed', { instance, address: `${a.address}/${a.prefixLength}`, dev: a.dev });
      }
      this.save();
    });
  }

  /** Reload: a MASTER deletes the routes removed from its configuration and adds the added ones. */
  changeRoutes(instance: string, removed: readonly RouteSpec[], added: readonly RouteSpec[]): void {
    if (!this.held.has(instance) || removed.length + added.length === 0) return;
    this.enqueue(async () => {
      await this.deleteRoutes(removed);
      await this.addRoutes(added);
    });
  }

  /** Reload: instances renamed in the configuration (new name -> old name) keep what they hold. */
  rename(renamed: Readonly<Record<string, string>>): void {
    const moved = Object.entries(renamed).flatMap(([to, from]) => {
      const list = this.held.get(from);
      return list === undefined ? [] : [{ to, list: list.map((a) => ({ ...a, instance: to })) }];
    });
    for (const from of Object.values(renamed)) this.held.delete(from);
    for (const { to, list } of moved) this.held.set(to, list);
  }

  /** After an address notification: puts back held addresses that are gone (deleted by hand). */
  verify(): void {
    if (this.held.size === 0) return;
    if (this.verifying) {
      this.verifyAgain = true;
      return;
    }
    this.verifying = true;
    this.enqueue(async () => {
      do {
        this.verifyAgain = false;
        const present = await this.net.addresses();
        for (const list of this.held.values()) {
          for (const a of list) {
            const ifindex = this.links().get(a.dev)?.index;
            if (present.some((p) => p.index === ifindex && sameIp(p.address, a.address))) continue;
            this.log.warn('a held VIP was deleted from outside lvsd; putting it back', {
              instance: a.instance,
              address: `${a.address}/${a.prefixLength}`,
              dev: a.dev,
            });
            await this.addOne(a, 'restored');
          }
        }
      } while (this.verifyAgain);
      this.verifying = false;
    });
  }

  /**
   * At start: removes what a previous run may have left, the configured addresses and the recorded
   * ones, where they are present; `keep`: the addresses of instances a restarted vrrp child resumes
   * as MASTER.
   */
  async removeStale(configured: readonly HeldAddress[], keep: readonly HeldAddress[] = []): Promise<number> {
    const kept = (c: RecordedAddress) => keep.some((k) => k.dev === c.dev && sameIp(k.address, c.address));
    const candidates: RecordedAddress[] = [
      ...configured.map((a) => ({ address: a.address, prefixLength: a.prefixLength, dev: a.dev })),
      ...this.record.load(),
    ].filter((c) => !kept(c));
    const present = await this.net.addresses();
    let removed = 0;
    for (const c of candidates) {
      const link = this.links().get(c.dev);
      if (link === undefined) continue;
      const found = present.find((p) => p.index === link.index && sameIp(p.address, c.address));
      if (found === undefined) continue;
      const result = await this.net.deleteAddress({
        ifindex: link.index,
        address: found.address,
        prefixLength: found.prefixLength,
      });
      if (this.report(result, 'delete stale address', c.address, 'EADDRNOTAVAIL')) {
        removed++;
        present.splice(present.indexOf(found), 1);
        this.log.warn('removed a VIP left by a previous run', {
          address: `${c.address}/${found.prefixLength}`,
          dev: c.dev,
        });
      }
    }
    this.record.save([]);
    return removed;
  }

  private async addOne(a: HeldAddress, verb: 'added' | 'restored'): Promise<void> {
    const spec = this.spec(a);
    if (spec === null) return;
    const result = await this.net.addAddress(spec);
    if (this.report(result, 'add address', a.address, 'EEXIST'))
      this.log.info(`VIP ${verb}`, {
        instance: a.instance,
        address: `${a.address}/${a.prefixLength}`,
        dev: a.dev,
      });
  }

  private async addRoutes(routes: readonly RouteSpec[]): Promise<void> {
    for (const r of routes) this.report(await this.net.addRoute(r), 'add route', r.to, 'EEXIST');
  }

  private async deleteRoutes(routes: readonly RouteSpec[]): Promise<void> {
    for (const r of routes) this.report(await this.net.deleteRoute(r), 'delete route', r.to, 'ESRCH');
  }

  private spec(a: HeldAddress): AddressSpec | null {
    const link = this.links().get(a.dev);
    if (link === undefined) {
      this.log.error('no such interface for a VIP', { instance: a.instance, address: a.address, dev: a.dev });
      return null;
    }
    return {
      ifindex: link.index,
      address: a.address,
      prefixLength: a.prefixLength,
      label: a.label,
      scope: a.scope,
      nodad: a.address.includes(':'),
    };
  }

  /** true when the call did something; `benign` is the code that means it was already so. */
  private report(result: NetResult, what: string, target: string, benign: string): boolean {
    if (result.ok) return true;
    if (result.code !== benign)
      this.log.error(`${what} failed`, { target, code: result.code, error: result.message });
    return false;
  }

  private save(): void {
    const all: RecordedAddress[] = [];
    for (const list of this.held.values())
      for (const a of list) all.push({ address: a.address, prefixLength: a.prefixLength, dev: a.dev });
    this.record.save(all);
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch((e: unknown) => {
      this.verifying = false;
      this.log.error('address update failed', { error: String(e) });
    });
  }
}

/** The same kernel address (the instance it belongs to and whether it is advertised do not count). */
export function sameHeld(a: HeldAddress, b: HeldAddress): boolean {
  return (
    sameIp(a.address, b.address) &&
    a.prefixLength === b.prefixLength &&
    a.dev === b.dev &&
    a.label === b.label &&
    a.scope === b.scope
  );
}
