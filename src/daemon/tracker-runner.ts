// Runs the vrrp_scripts and reads the vrrp_track_files that instances track, and reports each result
// to the runtime as a tracker event. A script passes when it exits 0 within its timeout; a file holds an
// integer (missing or empty: 0). Scripts run as their user, else global.script_user, else root.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs';
import type { Config } from '../config/types.js';
import type { Logger } from '../lib/logger.js';
import { userIds } from './users.js';

export type TrackerResult =
  { type: 'script'; name: string; ok: boolean } | { type: 'file'; name: string; value: number };

/** How often track files are read. */
export const TRACK_FILE_PERIOD_MS = 1000;

export class TrackerRunner {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly busy = new Set<string>();
  private readonly fileValues = new Map<string, number>();
  private readonly children = new Set<ChildProcess>();
  private stopped = false;

  constructor(
    private readonly config: Config,
    private readonly report: (result: TrackerResult) => void,
    private readonly log: Logger,
  ) {}

  start(): void {
    const instances = Object.values(this.config.vrrp_instances);
    const scripts = new Set(instances.flatMap((i) => i.track_scripts.map((t) => t.name)));
    const files = new Set(instances.flatMap((i) => i.track_files.map((t) => t.name)));
    for (const name of scripts) {
      const script = this.config.vrrp_scripts[name];
      if (script === undefined) continue;
      this.runScript(name);
      this.timers.push(setInterval(() => this.runScript(name), script.interval));
    }
    for (const name of files) {
      this.readTrackFile(name);
      this.timers.push(setInterval(() => this.readTrackFile(name), TRACK_FILE_PERIOD_MS));
    }
  }

  /** Stops the timers and the scripts still running; nothing is reported after this. */
  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    this.timers.length = 0;
    for (const c of this.children) c.kill('SIGKILL');
  }

  private runScript(name: string): void {
    const script = this.config.vrrp_scripts[name];
    if (script === undefined || this.busy.has(name) || this.stopped) return;
    const user = script.user ?? this.config.global.script_user;
    const ids = user === undefined ? {} : userIds(user);
    if (ids === null) {
      this.log.error('vrrp_script user not found; the script counts as failing', { script: name, user });
      return this.report({ type: 'script', name, ok: false });
    }
    const [program, ...args] = script.command;
    if (program === undefined) return;
    this.busy.add(name);
    const child = spawn(program, args, {
      stdio: 'ignore',
      timeout: script.timeout,
      killSignal: 'SIGKILL',
      ...ids,
    });
    this.children.add(child);
    const done = (ok: boolean) => {
      this.children.delete(child);
      if (!this.busy.delete(name) || this.stopped) return;
      this.report({ type: 'script', name, ok });
    };
    child.on('error', (e) => {
      this.log.warn('vrrp_script failed to run', { script: name, error: e.message });
      done(false);
    });
    child.on('exit', (code) => done(code === 0));
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
