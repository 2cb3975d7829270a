/**
 * What each expert gives a learner: (observation, action) pairs to clone. With `method: bc` an
 * expert gives its own play; with `dagger` it labels the states the learner's parent visited
 * (its network, or the scripted expert, says what it would have done there).
 *
 * - scripted: the role's scripted expert: the episodes it played at the start (bc), plus with
 *   dagger the learners' visited states it labelled, aggregated in a bounded buffer;
 * - elite: the best members of recent generations (a hall of fame of `hallOfFame` generations);
 * - peer: the learner's parent's peer (generation-record.ts): the best member it met in its arena,
 *   or that met the same opponent;
 * - dataset: a demonstration file;
 * - human: every demonstration people gave by driving an agent in the viewer (human-demos.ts),
 *   read again before each generation;
 * - rival: the current champion of a rival population: its own recorded play (bc), or its
 *   network's labels (dagger). Only where both roles see and act alike (sumo with one body);
 * - teammate: in cooperative co-evolution (carry, whose slots see and act alike), the other slot
 *   whose champion scored best last generation: its own recorded play (bc), or its labels (dagger);
 * - champions: past champions from the halls of fame, the learner's own population's and, where
 *   the roles see and act alike, the rival's. They have no recent play of their own to show, so
 *   they always label the parent's states.
 */
import { concatFloat32 } from '../../agents/arrays.ts';
import type { SampleBuffer } from '../../agents/imitation/sample-buffer.ts';
import { mlpController } from '../../agents/mlp-controller.ts';
import type { MlpShape } from '../../agents/mlp.ts';
import type { Rng } from '../../agents/rng.ts';
import { argmax } from '../../agents/stats.ts';
import { recordRole } from '../../worlds/rollout.ts';
import type { RoleSpec, Scenario } from '../../worlds/scenario.ts';
import type { ExpertSource, ImitationConfig, SocialStrategy } from '../config/schema.ts';
import type { Engine } from '../evaluation/engine.ts';
import { pairsOf, type GenerationRecord } from './generation-record.ts';

export interface Pairs {
  observations: Float32Array;
  actions: Float32Array;
}

/** A network that can label states: its shape and weights. */
export interface Teacher {
  shape: MlpShape;
  genome: Float32Array;
}

/** What other populations offer a population's learners this generation (where populations meet). */
export interface ImitationContext {
  /** The champion of each rival population in the last generation, and that population's record. */
  rivals: (Teacher & { record: GenerationRecord | null })[];
  /** Past champions: the population's own hall of fame and, where roles see and act alike, the rivals'. */
  fame: Teacher[];
  /** Cooperative co-evolution (carry): the other slots' latest champions, their records and their best fitness then. */
  teammates?: (Teacher & { record: GenerationRecord | null; fitness: number })[];
}

export const NO_CONTEXT: ImitationContext = { rivals: [], fame: [] };

/** A population's imitation state, as the experts read it. */
export interface ExpertView {
  role: RoleSpec;
  shape: MlpShape;
  method: ImitationConfig['method'];
  demos: Pairs | null;
  dagger: SampleBuffer;
  dataset: Pairs | null;
  /** Every human demonstration of the run so far (human-demos.ts). */
  human: Pairs | null;
  eliteHistory: Pairs[];
  last: GenerationRecord | null;
  lastPhenotypes: Float32Array[] | null;
  strategy: SocialStrategy;
  eliteCount: number;
  /** Per member of the last generation: its line of elites (imitation.ts), for `prestige`. */
  line: Int32Array | null;
}

export function expertPairs(source: ExpertSource, view: ExpertView, parent: number, context: ImitationContext, rng: Rng): Pairs | null {
  const { observationSize: o, actionSize: a } = view.role;
  const dagger = view.method === 'dagger';
  const parentStates = () => (view.last && parent >= 0 ? pairsOf(view.last, parent, o, a).observations : null);
  const ownNetwork = (member: number): Teacher | null => {
    const genome = view.lastPhenotypes?.[member];
    return genome ? { shape: view.shape, genome } : null;
  };
  switch (source) {
    case 'scripted':
      return dagger ? view.dagger.contents() : view.demos;
    case 'dataset':
      return view.dataset;
    case 'human':
      return view.human;
    case 'elite': {
      if (!view.eliteHistory.length) return null;
      if (view.last && (view.strategy === 'prestige' || view.strategy === 'conformist')) {
        const elites = ranked(view.last, view.strategy === 'prestige' ? view.line : null).slice(0, view.eliteCount);
        // Prestige shows the member of the longest elite line; conformity, the elites' consensus.
        const teachers = view.strategy === 'prestige' ? elites.slice(0, 1) : elites;
        const states = dagger && parent >= 0 ? parentStates() : concatFloat32(elites.map((m) => pairsOf(view.last!, m, o, a).observations));
        return consensus(states, teachers.map(ownNetwork));
      }
      if (!dagger || !view.last || parent < 0) {
        return { observations: concatFloat32(view.eliteHistory.map((p) => p.observations)), actions: concatFloat32(view.eliteHistory.map((p) => p.actions)) };
      }
      return labelled(parentStates(), ownNetwork(argmax(view.last.fitness)));
    }
    case 'peer': {
      if (!view.last || parent < 0) return null;
      const group = view.last.group[parent];
      if (group >= 0 && (view.strategy === 'prestige' || view.strategy === 'conformist')) {
        const mates = ranked(view.last, view.strategy === 'prestige' ? view.line : null).filter((m) => view.last!.group[m] === group);
        const teachers = view.strategy === 'prestige' ? mates.slice(0, 1) : mates;
        return consensus(parentStates(), teachers.map(ownNetwork));
      }
      const peer = view.last.peer[parent];
      if (peer < 0) return null;
      if (dagger) return labelled(parentStates(), ownNetwork(peer));
      return pairsOf(view.last, peer, o, a);
    }
    case 'rival': {
      if (!context.rivals.length) return null;
      const rival = context.rivals[context.rivals.length > 1 ? rng.int(context.rivals.length) : 0];
      if (dagger) return labelled(parentStates(), rival);
      if (!rival.record) return null;
      return pairsOf(rival.record, argmax(rival.record.fitness), o, a);
    }
    case 'teammate': {
      // The teammate whose slot scored best last generation: its champion's own play (bc), or its labels of the parent's states (dagger).
      const mates = context.teammates ?? [];
      if (!mates.length) return null;
      const best = mates.reduce((a, b) => (b.fitness > a.fitness ? b : a));
      if (dagger) return labelled(parentStates(), best);
      if (!best.record) return null;
      return pairsOf(best.record, argmax(best.record.fitness), o, a);
    }
    case 'champions': {
      if (!context.fame.length) return null;
      return labelled(parentStates(), context.fame[rng.int(context.fame.length)]);
    }
  }
}

/** Observations labelled by a network's actions. */
function labelled(observations: Float32Array | null, teacher: Teacher | null): Pairs | null {
  return consensus(observations, [teacher]);
}

/**
 * Observations labelled, state by state, with the action the teachers agree on: each component
 * the median of the teachers' (with one teacher, its own action).
 */
function consensus(observations: Float32Array | null, teachers: (Teacher | null)[]): Pairs | null {
  const present = teachers.filter((t): t is Teacher => t !== null);
  if (!observations || !present.length || !observations.length) return null;
  const { inputSize, outputSize } = present[0].shape;
  const n = observations.length / inputSize;
  const each = present.map((teacher) => {
    const out = new Float32Array(n * outputSize);
    mlpController(teacher.shape, new Array(n).fill(teacher.genome))(observations, n, out);
    return out;
  });
  if (each.length === 1) return { observations, actions: each[0] };
  const actions = new Float32Array(n * outputSize);
  const column = new Float64Array(each.length);
  for (let i = 0; i < actions.length; i++) {
    each.forEach((out, t) => (column[t] = out[i]));
    column.sort();
    const mid = column.length >> 1;
    actions[i] = column.length % 2 ? column[mid] : (column[mid - 1] + column[mid]) / 2;
  }
  return { observations, actions };
}

/** Members of a record, best first: by elite line where `line` is given (prestige), then by fitness, then by index. */
function ranked(record: GenerationRecord, line: Int32Array | null): number[] {
  return Array.from(record.fitness.keys()).sort((i, j) => (line ? line[j] - line[i] : 0) || record.fitness[j] - record.fitness[i] || i - j);
}

/** The scripted experts of every role play one episode per seed; role `role`'s pairs (with `slot`, that team slot's) are kept every `every` steps. */
export function recordScriptedDemos(engine: Engine, scenario: Scenario, role: number, seeds: number[], every: number, slot?: number): Pairs {
  const arenas = seeds.map((seed) => scenario.createArena(engine.rapier, seed));
  try {
    return recordRole(arenas, scenario.spec, scenario.experts, role, every, slot);
  } finally {
    for (const arena of arenas) arena.dispose();
  }
}
