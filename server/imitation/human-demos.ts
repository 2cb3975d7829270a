/**
 * Human demonstrations (docs/imitation.md, "The human expert"): what a person driving an agent in
 * the viewer did, recorded at the decision rate into `RUN/demos/human-<time>.msgpack` in the same
 * versioned, checksummed format as `coevo record`, and read back by the `human` expert.
 *
 * A session's file is rewritten whole (atomically) every 30 s and when the session ends, so it only
 * ever grows. The expert reads every file between generations and remembers, per file, how many
 * pairs it used and their SHA-256: a checkpoint keeps that for every generation whose files
 * differed from the one before, and a resume checks the files still hold those pairs.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { concatFloat32 } from '../../agents/arrays.ts';
import { readDemonstrations, writeDemonstrations } from '../../agents/imitation/demo-file.ts';
import type { RoleSpec } from '../../worlds/scenario.ts';
import { CoevoError } from '../errors.ts';
import type { Pairs } from './experts.ts';

export const HUMAN_DEMO_PREFIX = 'human-';
/** Seconds between the rewrites of a session's file while it goes on. */
export const HUMAN_FLUSH_SECONDS = 30;
/** Pairs one session keeps at most (about 3 hours of driving at 20 decisions a second). */
export const HUMAN_SESSION_CAP = 200_000;

export function demosDir(runDir: string): string {
  return join(runDir, 'demos');
}

/** `human-20261130T184500123Z.msgpack`: sessions sort by the time they began. */
export function humanDemoName(startedAt: Date): string {
  return `${HUMAN_DEMO_PREFIX}${startedAt.toISOString().replace(/[-:.]/g, '')}.msgpack`;
}

/** One drive session's pairs, trajectory by trajectory (an episode ending cuts one). */
export class HumanRecorder {
  private readonly observations: Float32Array[] = [];
  private readonly actions: Float32Array[] = [];
  private readonly features: Float32Array[] = [];
  private readonly lengths: number[] = [];
  private open = 0;
  private written = -1;
  readonly path: string;

  constructor(
    runDir: string,
    private readonly scenario: string,
    private readonly role: RoleSpec,
    startedAt = new Date(),
  ) {
    mkdirSync(demosDir(runDir), { recursive: true });
    this.path = join(demosDir(runDir), humanDemoName(startedAt));
  }

  get samples(): number {
    return this.observations.length;
  }

  /** One decision: what the agent saw, what the person made it do, and the world's behaviour features then. */
  add(observation: Float32Array, action: Float32Array, features: Float32Array): void {
    if (this.samples >= HUMAN_SESSION_CAP) return;
    this.observations.push(observation.slice());
    this.actions.push(action.slice());
    this.features.push(features.slice());
    this.open++;
  }

  /** The episode ended (or the person paused): the next pair starts a new trajectory. */
  cut(): void {
    if (this.open) this.lengths.push(this.open);
    this.open = 0;
  }

  /** Writes the file if anything was added since the last write; returns whether it wrote. */
  flush(): boolean {
    if (this.samples === 0 || this.samples === this.written) return false;
    const lengths = this.open ? [...this.lengths, this.open] : this.lengths;
    writeDemonstrations(this.path, {
      scenario: this.scenario,
      role: this.role.name,
      observationSize: this.role.observationSize,
      actionSize: this.role.actionSize,
      expert: 'human',
      episodes: lengths.length,
      observations: concatFloat32(this.observations),
      actions: concatFloat32(this.actions),
      trajectories: { lengths: Int32Array.from(lengths), every: 1 },
      features: { names: [...this.role.features], values: concatFloat32(this.features) },
    });
    this.written = this.samples;
    return true;
  }
}

/** What the `human` expert used of one file: its first `samples` pairs, and their checksum. */
export interface HumanFileUse {
  file: string;
  samples: number;
  sha256: string;
}

export interface HumanDemos {
  pairs: Pairs | null;
  files: HumanFileUse[];
  /** Files in the folder that could not be read or are another role's (each named once in `skippedFiles`). */
  skippedFiles: string[];
}

/** The run's human demonstration files, oldest first. */
export function humanDemoFiles(runDir: string): string[] {
  const dir = demosDir(runDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.startsWith(HUMAN_DEMO_PREFIX) && f.endsWith('.msgpack'))
    .sort();
}

/** Every human demonstration of `role` in the run directory: all its pairs, and what was used of each file. */
export function readHumanDemos(runDir: string, scenario: string, role: RoleSpec): HumanDemos {
  const observations: Float32Array[] = [];
  const actions: Float32Array[] = [];
  const files: HumanFileUse[] = [];
  const skippedFiles: string[] = [];
  for (const file of humanDemoFiles(runDir)) {
    let demos: ReturnType<typeof readDemonstrations>;
    try {
      demos = readDemonstrations(join(demosDir(runDir), file), { scenario, role: role.name, observationSize: role.observationSize, actionSize: role.actionSize });
    } catch (error) {
      // Another role's file (sumo's other side) or a damaged one: the run goes on without it.
      if (error instanceof CoevoError) {
        skippedFiles.push(file);
        continue;
      }
      throw error;
    }
    if (!demos.actions || demos.actions.length === 0) continue;
    observations.push(demos.observations);
    actions.push(demos.actions);
    files.push({ file, samples: demos.actions.length / role.actionSize, sha256: pairsDigest(demos.observations, demos.actions) });
  }
  const pairs = files.length ? { observations: concatFloat32(observations), actions: concatFloat32(actions) } : null;
  return { pairs, files, skippedFiles };
}

/**
 * On resume: the files a checkpoint's generations learned from must still hold the pairs they
 * used (a file that grew since is fine: its first pairs are the same), or the resumed run would
 * learn from other data than the first one did.
 */
export function verifyHumanDemos(runDir: string, scenario: string, role: RoleSpec, used: HumanFileUse[]): void {
  const { observationSize: o, actionSize: a } = role;
  for (const use of used) {
    const path = join(demosDir(runDir), use.file);
    const fail = (why: string): never => {
      throw new CoevoError(
        'BAD_CHECKPOINT',
        `the checkpoint's generations learned from ${use.samples} pairs of ${path}, but ${why}; resuming would not be exact (restore the file, or start a new run)`,
      );
    };
    if (!existsSync(path)) fail('the file is gone');
    const demos = readDemonstrations(path, { scenario, role: role.name, observationSize: o, actionSize: a });
    if (!demos.actions || demos.actions.length < use.samples * a) fail('it now holds fewer');
    if (pairsDigest(demos.observations.subarray(0, use.samples * o), demos.actions!.subarray(0, use.samples * a)) !== use.sha256) fail('they have changed');
  }
}

function pairsDigest(observations: Float32Array, actions: Float32Array): string {
  const hash = createHash('sha256');
  hash.update(new Uint8Array(observations.buffer, observations.byteOffset, observations.byteLength));
  hash.update(new Uint8Array(actions.buffer, actions.byteOffset, actions.byteLength));
  return hash.digest('hex');
}
