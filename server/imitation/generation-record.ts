/**
 * What one played generation leaves for a population's next learners: each member's recorded
 * (observation, action, scripted-expert label) pairs from the first match it scored in, its
 * fitness, and its peer. Kept per member index, flat, so that it checkpoints as a few typed arrays.
 *
 * A member's peer is the most successful member of its own population that it can compare itself
 * with: in a world of one role, the best of the seats in its arena; where roles meet, the member
 * with the best fitness among those whose first match was against the same opponent.
 */
import { argmax } from '../../agents/stats.ts';
import type { RoleSpec } from '../../worlds/scenario.ts';
import { scoringSeats, type MatchResult, type MatchTask } from '../evaluation/match-task.ts';

export interface GenerationRecord {
  samples: number;
  /** Rows recorded for each member (its match may have ended before the episode's length). */
  valid: Int32Array;
  observations: Float32Array; // members x samples x observationSize
  actions: Float32Array; // members x samples x actionSize
  labels: Float32Array; // members x samples x actionSize
  /** The world's behaviour features at the same steps (members x samples x features); empty in checkpoints written before features. */
  features: Float32Array;
  fitness: Float64Array;
  peer: Int32Array;
  /** Whom each member compares itself with: its first arena (one role) or its first opponent (roles meet), as a group number; -1 unknown (older checkpoints). */
  group: Int32Array;
}

export function recordGeneration(tasks: MatchTask[], results: MatchResult[], team: number, roles: RoleSpec[], role: number, fitness: Float64Array, meet: boolean): GenerationRecord {
  const members = fitness.length;
  const samples = results.find((r) => r.recording)?.recording?.samples ?? 0;
  const { observationSize: o, actionSize: a } = roles[role];
  const f = roles[role].features.length;
  const record: GenerationRecord = {
    samples,
    valid: new Int32Array(members),
    observations: new Float32Array(members * samples * o),
    actions: new Float32Array(members * samples * a),
    labels: new Float32Array(members * samples * a),
    features: new Float32Array(members * samples * f),
    fitness: fitness.slice(),
    peer: new Int32Array(members).fill(-1),
    group: new Int32Array(members).fill(-1),
  };
  const byIndex = new Map(results.map((r) => [r.index, r]));
  const seen = new Uint8Array(members);
  /** Where roles meet: each member's first opponent, as "team:member". */
  const opponent: string[] = new Array(members).fill('');
  for (const task of tasks) {
    const result = byIndex.get(task.index)!;
    const scoring = scoringSeats(task);
    let obsAt = 0;
    let actAt = 0;
    let featAt = 0;
    scoring.forEach(({ role: r, seat }, k) => {
      const here = { obs: obsAt, act: actAt, feat: featAt };
      const rec = result.recording;
      if (rec) {
        // Scoring seats are recorded back to back, each in its own role's sizes.
        obsAt += rec.samples * roles[r].observationSize;
        actAt += rec.samples * roles[r].actionSize;
        featAt += rec.samples * roles[r].features.length;
      }
      if (seat.team !== team || seen[seat.member]) return;
      seen[seat.member] = 1;
      const member = seat.member;
      if (!meet) {
        const best = argmax(result.fitness[r]);
        record.peer[member] = task.seats[r][best].member;
        record.group[member] = task.index;
      } else {
        const rival = task.seats.findIndex((_, other) => other !== r);
        opponent[member] = rival >= 0 ? `${task.seats[rival][0].team}:${task.seats[rival][0].member}` : '';
      }
      if (!rec) return;
      record.valid[member] = rec.valid[k];
      record.observations.set(rec.observations.subarray(here.obs, here.obs + samples * o), member * samples * o);
      record.actions.set(rec.actions.subarray(here.act, here.act + samples * a), member * samples * a);
      if (rec.labels.length) record.labels.set(rec.labels.subarray(here.act, here.act + samples * a), member * samples * a);
      record.features.set(rec.features.subarray(here.feat, here.feat + samples * f), member * samples * f);
    });
  }
  if (meet) {
    const best = new Map<string, number>();
    opponent.forEach((key, m) => {
      const current = best.get(key);
      if (current === undefined || fitness[m] > fitness[current]) best.set(key, m);
    });
    opponent.forEach((key, m) => (record.peer[m] = best.get(key) ?? m));
    const groups = new Map([...best.keys()].map((key, g) => [key, g]));
    opponent.forEach((key, m) => (record.group[m] = groups.get(key) ?? -1));
  }
  return record;
}

/** One member's behaviour features at its recorded steps (valid rows only), `featureCount` a row. */
export function featuresOf(record: GenerationRecord, member: number, featureCount: number): Float32Array {
  const s = record.samples;
  return record.features.subarray(member * s * featureCount, (member * s + record.valid[member]) * featureCount);
}

/** One member's recorded pairs: its observations with its own actions, or with the scripted expert's labels. */
export function pairsOf(record: GenerationRecord, member: number, observationSize: number, actionSize: number, labelled = false) {
  const s = record.samples;
  const n = record.valid[member];
  return {
    observations: record.observations.subarray(member * s * observationSize, (member * s + n) * observationSize),
    actions: (labelled ? record.labels : record.actions).subarray(member * s * actionSize, (member * s + n) * actionSize),
  };
}
