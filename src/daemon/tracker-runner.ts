// Runs the vrrp_scripts and reads the vrrp_track_files that instances track, and reports each result
// to the runtime as a tracker event. A script passes when it exits 0 within its timeout; a file holds an
// integer (missing or empty: 0). Scripts run as their user, else global.script_user, else root.
// Every script is vetted at start and at each reload by the notify scripts' rule (script-security.ts):
// one that is unsafe, missing, or whose user is unknown is refused, logged once, never spawned, and
// reported disabled: it counts for nothing in the instances, as keepalived drops a disabled track
// script from its instances.
import type { ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs';
import type { Config } from '../config/types.js';
import type { Logger } from '../lib/logger.js';
import { checkScriptAs, spawnScript } from './script-security.js';
import type { UserIds } from './users.js';

export type TrackerResult =
  | { type: 'script'; name: string; ok: boolean; disabled?: boolean }
  | { type: 'file'; name: string; value: number };

/** How often track files are read. */
export const TRACK_FILE_PERIOD_MS = 1000;

/** A script as vetted at start or reload: what to spawn, or refused. */
type Vetted = { ok: true; path: string; ids: UserIds | undefined } | { ok: false };

export class TrackerRunner {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly busy = new Set<string>();
  private readonly fileValues = new Map<string, number>();
  private readonly children = new Set<ChildProcess>();
  private readonly vetted = new Map<string, Vetted>();
  private stopped = false;

  constructor(
    private config: Config,
    private readonly report: (result: TrackerResult) => void,
    private readonly log: Logger,
  ) {}

  start(): void {
    const instances = Object.values(this.config.vrrp_instances);
    const files = new Set(instances.flatMap((i) => i.track_files.map((t) => t.name)));
    for (const name of this.scriptNames()) {
      const script = this.config.vrrp_scripts[name];
      if (script === undefined) continue;
      this.vet(name);
      this.runScript(name);
      this.timers.push(setInterval(() => this.runScript(name), script.interval));
    }
    for (const name of files) {
      this.readTrackFile(name);
      this.timers.push(setInterval(() => this.readTrackFile(name), TRACK_FILE_PERIOD_MS));
    }
  }

  /**
   * A reload that leaves the trackers as they are (the supervisor builds a new runner otherwise):
   * takes the new configuration (global.script_user may differ) and vets every script again, so a
   * script whose permissions were fixed runs again and one made unsafe stops.
   */
  recheck(config: Config): void {
    this.config = config;
    for (const name of this.scriptNames()) this.vet(name);
  }

  /** Stops the timers and the scripts still running; nothing is reported after this. */
  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    this.timers.length = 0;
    // Not a child whose spawn failed (its error is still to come): Node 20 would signal whatever pid
    // its handle held, seen as 0, lvsd's own process group.
    for (const c of this.children) if (c.pid !== undefined) c.kill('SIGKILL');
  }

  private scriptNames(): Set<string> {
    const instances = Object.values(this.config.vrrp_instances);
    return new Set(instances.flatMap((i) => i.track_scripts.map((t) => t.name)));
  }

  /** Checks the script as its user would run it; a refusal is logged here, once per vetting. */
  private vet(name: string): void {
    const script = this.config.vrrp_scripts[name];
    const program = script?.command[0];
    if (script === undefined || program === undefined) return;
    const check = checkScriptAs(program, script.user ?? this.config.global.script_user);
    if (check.ok) {
      if (this.vetted.get(name)?.ok === false)
        this.log.info(`vrrp_script ${name} accepted: ${check.path}`, { script: name });
      this.vetted.set(name, { ok: true, path: check.path, ids: check.ids });
      return;
    }
    this.log.error(
      `vrrp_script ${name} refused: ${check.reason}; it is not run, and the instances tracking it ignore it`,
      { script: name, command: program },
    );
    this.vetted.set(name, { ok: false });
    // the supervisor keeps the last result of each tracker for a restarted VRRP child: once is enough
    this.report({ type: 'script', name, ok: false, disabled: true });
  }

  private runScript(name: string): void {
    const script = this.config.vrrp_scripts[name];
    const vetted = this.vetted.get(name);
    if (script === undefined || vetted === undefined || this.busy.has(name) || this.stopped) return;
    if (!vetted.ok) return;
    this.busy.add(name);
    const done = (ok: boolean, child?: ChildProcess) => {
      if (child !== undefined) this.children.delete(child);
      if (!this.busy.delete(name) || this.stopped || this.vetted.get(name)?.ok !== true) return;
      this.report({ type: 'script', name, ok });
    };
    const failed = (e: unknown, child?: ChildProcess) => {
      this.log.warn('vrrp_script failed to run', {
        script: name,
        error: e instanceof Error ? e.message : String(e),
      });
      done(false, child);
    };
    const child = spawnScript(vetted.path, script.command, vetted.ids, script.timeout);
    if (child instanceof Error) return failed(child);
    this.children.add(child);
    child.on('error', (e) => failed(e, child));
    child.on('exit', (code) => done(code === 0, child));
  }

  private readTrackFile(name: string): void {
    const file = this.config.vrrp_track_files[name];
    if (file === undefined) return;
    readFile(file.path, 'utf8', (err, text) => {
      const value = err ? 0 : Number.parseInt(text.trim() || '0', 10);
      const reading = Number.isFinite(value) ? value : 0;
      if (this.stopped || this.fileValues.get(name) === reading) return;
      this.fileValues.set(name, reading);
      this.report({ type: 'file', name, value: reading });
    });
  }
}
