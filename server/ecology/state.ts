/**
 * What an ecology checkpoint's state.msgpack holds (in checkpoint.ts's sealed envelope): the whole
 * world between two windows. A region's Rapier world lives only within a window (region.ts), so
 * the agents' bodies as plain numbers are its whole physical state; with the agents' genomes,
 * energy, ages, lineage and pair buffers, the food, the archive and every generator's state,
 * a resumed world continues bit for bit.
 */
import { unpack } from 'msgpackr';
import type { RngState } from '../../agents/rng.ts';
import { Rng } from '../../agents/rng.ts';
import type { Agent } from '../../worlds/ecology/agents.ts';
import type { EcologyWorld, Ledger } from '../../worlds/ecology/world.ts';
import { CoevoError } from '../errors.ts';
import { openState, sealState } from '../run/checkpoint.ts';

export const ECOLOGY_STATE_KIND = 'ecology';

/** The run's own counters between reports, kept so that a stop between two reports loses nothing. */
export interface EcologyProgress {
  report: number;
  learnRound: number;
  learnRng: RngState;
  imitations: number;
  imitationDistance: number;
  /** Copies undone since the last report (`keepCopy: "critical"`); absent from checkpoints written before it existed. */
  reverted?: number;
  runSeed: number;
}

const bytes = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
const f32 = (b: Uint8Array) => new Float32Array(new Uint8Array(b).buffer);
const f64 = (b: Uint8Array) => new Float64Array(new Uint8Array(b).buffer);

function sameValues(a: Float32Array, b: Float32Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

function packAgent(a: Agent) {
  return {
    id: a.id,
    parent: a.parent,
    lineage: a.lineage,
    depth: a.depth,
    bornAt: a.bornAt,
    energy: a.energy,
    recentGain: a.recentGain,
    lifetimeGain: a.lifetimeGain,
    body: bytes(a.body),
    genome: bytes(a.genome),
    // Learned weights only where they differ from the genome (a copy: the slab is shared memory).
    weights: sameValues(a.weights, a.genome) ? null : bytes(a.weights.slice()),
    action: bytes(a.action),
    behaviour: bytes(a.behaviour),
    pairs: { observations: bytes(a.pairs.observations), actions: bytes(a.pairs.actions), count: a.pairs.count, head: a.pairs.head },
    trial: a.trial ? { weights: bytes(a.trial.weights), rate: a.trial.rate, since: a.trial.since, gained: a.trial.gained, rounds: a.trial.rounds } : null,
  };
}

export function sealEcologyState(world: EcologyWorld, progress: EcologyProgress): Uint8Array {
  return sealState({
    kind: ECOLOGY_STATE_KIND,
    progress,
    step: world.step,
    nextId: world.nextId,
    foodMoved: world.foodMoved,
    life: world.life.state(),
    foodRng: world.foodRng.state(),
    food: { xz: bytes(world.food.xz), regrowAt: bytes(world.food.regrowAt) },
    archive: world.archive.map((a) => ({ id: a.id, score: a.score, genome: bytes(a.genome) })),
    ledger: world.ledger,
    counters: world.counters,
    agents: world.agents.map(packAgent),
  });
}

type Stored = ReturnType<typeof unpackStored>;
function unpackStored(body: Uint8Array) {
  return unpack(body) as {
    kind: string;
    progress: EcologyProgress;
    step: number;
    nextId: number;
    foodMoved: boolean;
    life: RngState;
    foodRng: RngState;
    food: { xz: Uint8Array; regrowAt: Uint8Array };
    archive: { id: number; score: number; genome: Uint8Array }[];
    ledger: Ledger;
    counters: EcologyWorld['counters'];
    agents: ReturnType<typeof packAgent>[];
  };
}

export function openEcologyState(checkpointDir: string): Stored {
  const stored = unpackStored(openState(checkpointDir));
  if (stored?.kind !== ECOLOGY_STATE_KIND) throw new CoevoError('BAD_CHECKPOINT', `checkpoint ${checkpointDir}: not an ecology checkpoint (the run's config says scenario "ecology")`);
  return stored;
}

/** Puts a stored world into a fresh `world` (built from the same config); returns the run's progress. */
export function restoreEcology(world: EcologyWorld, stored: Stored): EcologyProgress {
  world.step = stored.step;
  world.nextId = stored.nextId;
  world.foodMoved = stored.foodMoved;
  world.life = Rng.fromState(stored.life);
  world.foodRng = Rng.fromState(stored.foodRng);
  world.food.xz.set(f32(stored.food.xz));
  world.food.regrowAt.set(f64(stored.food.regrowAt));
  world.archive = stored.archive.map((a) => ({ id: a.id, score: a.score, genome: f32(a.genome) }));
  world.ledger = stored.ledger;
  world.counters = stored.counters;
  world.agents = stored.agents.map((s) => {
    const genome = f32(s.genome);
    const pairs = world.ring();
    pairs.observations.set(f32(s.pairs.observations));
    pairs.actions.set(f32(s.pairs.actions));
    pairs.count = s.pairs.count;
    pairs.head = s.pairs.head;
    return {
      id: s.id,
      parent: s.parent,
      lineage: s.lineage,
      depth: s.depth,
      bornAt: s.bornAt,
      energy: s.energy,
      recentGain: s.recentGain,
      lifetimeGain: s.lifetimeGain,
      body: f64(s.body),
      genome,
      weights: s.weights ? f32(s.weights) : genome,
      action: f32(s.action),
      behaviour: f32(s.behaviour),
      pairs,
      // Checkpoints written before `keepCopy` existed have no trials; before `trialRounds`, a trial was always in its first round.
      trial: s.trial ? { weights: f32(s.trial.weights), rate: s.trial.rate, since: s.trial.since, gained: s.trial.gained ?? 0, rounds: s.trial.rounds ?? 0 } : null,
      slot: -1,
    };
  });
  world.adopt(world.agents);
  return stored.progress;
}
