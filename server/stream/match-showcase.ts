/**
 * The showcase of a co-evolution run: the latest champion of each role's first population plays
 * that role (in every slot of it) in a real-time match on the main thread, the scripted experts
 * until the first generation ends. Match worlds report no events yet.
 */
import { mlpController } from '../../agents/mlp-controller.ts';
import { deriveSeed } from '../../agents/rng.ts';
import { sanitizeActions } from '../../worlds/rollout.ts';
import type { MatchArena, MatchScenario } from '../../worlds/match.ts';
import type { Controller } from '../../worlds/scenario.ts';
import type { Population } from '../run/populations.ts';
import type { Engine } from '../evaluation/engine.ts';
import { RealTimeShowcase, SHOWCASE_STREAM, type ShowcaseState } from './showcase.ts';

export class MatchShowcase extends RealTimeShowcase<MatchArena> {
  /** One controller per role. */
  private controllers: Controller[];
  private champions: (Float32Array | null)[];
  private readonly observations: Float32Array[];
  private readonly actions: Float32Array[];

  constructor(
    private readonly engine: Engine,
    private readonly scenario: MatchScenario,
    private readonly populations: Population[],
    private readonly seed: number,
  ) {
    const { spec } = scenario;
    super(spec.physicsDt * spec.actionRepeat * 1000, scenario.describe().bodies.filter((b) => b.role === 'agent').length);
    this.observations = spec.roles.map((r) => new Float32Array(r.slots * r.observationSize));
    this.actions = spec.roles.map((r) => new Float32Array(r.slots * r.actionSize));
    this.controllers = [...scenario.experts];
    this.champions = populations.map(() => null);
  }

  /** The champion of each population, by population index, from the next episode on. */
  show(champions: Float32Array[]): void {
    this.champions = champions.map((g) => g.slice());
  }

  protected newArena(episode: number): MatchArena {
    const { roles } = this.scenario.spec;
    this.controllers = roles.map((role, r) => {
      const population = this.populations.find((p) => p.role === r);
      const champion = population ? this.champions[population.index] : null;
      return population && champion
        ? mlpController(
            population.shape,
            Array.from({ length: role.slots }, () => champion),
          )
        : this.scenario.experts[r];
    });
    return this.scenario.createArena(this.engine.rapier, deriveSeed(this.seed, SHOWCASE_STREAM, episode));
  }

  protected play(arena: MatchArena, state: ShowcaseState): void {
    const { spec } = this.scenario;
    spec.roles.forEach((role, r) => {
      arena.observe(r, this.observations[r]);
      this.controllers[r](this.observations[r], role.slots, this.actions[r]);
      sanitizeActions(this.actions[r], role.actionSize);
      arena.applyActions(r, this.actions[r]);
    });
    arena.step();
    this.tick += spec.actionRepeat;
    arena.positions(state.positions, state.rotations);
  }
}
