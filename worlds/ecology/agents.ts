/** An ecology agent as the world keeps it between windows: plain data, so it checkpoints as is. */
import { ACTION_SIZE, BEHAVIOUR_FEATURES } from './options.ts';
import { BODY_FIELDS } from './region.ts';

export interface Agent {
  /** Stable for the agent's life and never reused. */
  id: number;
  /** The parent's id, or -1 for a seeded agent. */
  parent: number;
  /** The id of the seeded agent its line descends from. */
  lineage: number;
  /** Births between it and its line's seeded ancestor. */
  depth: number;
  bornAt: number;
  /** Position (3), linear velocity (3), angular velocity (3). */
  body: Float64Array;
  energy: number;
  /** Food energy gained since the last learning round (the `success` strategy's measure, and `learnWhen: "dissatisfied"`'s), and in its life. */
  recentGain: number;
  lifetimeGain: number;
  /** The inherited network, and the one it acts with (different once it has learned, unless Lamarckian). */
  genome: Float32Array;
  /** In the world, a view of its slot in the world's weight slab (weight-slab.ts); before that, its genome. */
  weights: Float32Array;
  /** Its slot in the weight slab, -1 until the world adopts it. */
  slot: number;
  action: Float32Array;
  behaviour: Float32Array;
  /** Under `keepCopy: "critical"`, what it copied last round is on trial: the weights it had before, its food per second then, and when it copied; null otherwise. */
  trial: CopyTrial | null;
  /** Its recent (observation, action) pairs, a ring of `capacity`: what others imitate. */
  pairs: PairRing;
}

export interface CopyTrial {
  weights: Float32Array;
  rate: number;
  since: number;
  /** Food gained since copying, summed over the rounds judged so far (`trialRounds` above 1). */
  gained: number;
  /** Rounds since copying. */
  rounds: number;
}

export class PairRing {
  readonly observations: Float32Array;
  readonly actions: Float32Array;
  count = 0;
  head = 0;

  constructor(
    readonly capacity: number,
    readonly observationSize: number,
  ) {
    this.observations = new Float32Array(capacity * observationSize);
    this.actions = new Float32Array(capacity * ACTION_SIZE);
  }

  /** Pushes pair `k` of back-to-back `observations` and `actions` (a window's recording). */
  pushAt(observations: Float32Array, actions: Float32Array, k: number): void {
    const size = this.observationSize;
    const to = this.head * size;
    for (let j = 0; j < size; j++) this.observations[to + j] = observations[k * size + j];
    for (let j = 0; j < ACTION_SIZE; j++) this.actions[this.head * ACTION_SIZE + j] = actions[k * ACTION_SIZE + j];
    this.head = (this.head + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
  }

  /** The pairs held, oldest first, as fresh arrays. */
  ordered(): { observations: Float32Array; actions: Float32Array } {
    const start = this.count < this.capacity ? 0 : this.head;
    const observations = new Float32Array(this.count * this.observationSize);
    const actions = new Float32Array(this.count * ACTION_SIZE);
    for (let k = 0; k < this.count; k++) {
      const from = (start + k) % this.capacity;
      observations.set(this.observations.subarray(from * this.observationSize, (from + 1) * this.observationSize), k * this.observationSize);
      actions.set(this.actions.subarray(from * ACTION_SIZE, (from + 1) * ACTION_SIZE), k * ACTION_SIZE);
    }
    return { observations, actions };
  }
}

export function newAgent(id: number, parent: Agent | null, x: number, z: number, energy: number, genome: Float32Array, bornAt: number, ring: PairRing): Agent {
  const body = new Float64Array(BODY_FIELDS);
  body[0] = x;
  body[1] = 0.5;
  body[2] = z;
  return {
    id,
    parent: parent?.id ?? -1,
    lineage: parent?.lineage ?? id,
    depth: parent ? parent.depth + 1 : 0,
    bornAt,
    body,
    energy,
    recentGain: 0,
    lifetimeGain: 0,
    genome,
    weights: genome,
    slot: -1,
    action: new Float32Array(ACTION_SIZE),
    behaviour: new Float32Array(BEHAVIOUR_FEATURES.length),
    pairs: ring,
    trial: null,
  };
}
