import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../server/config/resolve.ts';
import { CoevoError } from '../server/errors.ts';
import { runEcology } from '../server/ecology/run-ecology.ts';
import { RunDir } from '../server/run/run-dir.ts';
import { ecologyConfig, pushEast, stepWindow, worldOf } from './ecology-helpers.ts';
import { tempDir } from './helpers.ts';

/** One agent rich enough to split, in a world where living and moving cost nothing. */
async function afterOneBirth(birthCost: number) {
  const { world } = worldOf([[-10, -10]], { birthCost, livingCost: 0, moveCost: 0, reproduceEnergy: 40, childEnergy: 15 });
  world.agents[0].energy = 50;
  await stepWindow(world, pushEast);
  return { energies: world.agents.map((a) => a.energy), spent: world.ledger.spent };
}

describe('worlds.ecology.birthCost', () => {
  it("takes its cost from the parent beyond the child's energy, and counts it as spent", async () => {
    expect(await afterOneBirth(0)).toEqual({ energies: [35, 15], spent: 0 });
    expect(await afterOneBirth(8)).toEqual({ energies: [27, 15], spent: 8 });
  });

  it('keeps the energy books balanced in a run with births', async () => {
    const config = ecologyConfig({ runSeconds: 8, reproduceEnergy: 22, childEnergy: 10, birthCost: 6 });
    const runDir = tempDir();
    await runEcology({ config, runDir, resume: false });
    const rows = new RunDir(runDir).readMetrics();
    let total = config.worlds.ecology.initialAgents * config.worlds.ecology.initialEnergy;
    for (const row of rows) {
      const flows = row.energyFlows as { food: number; spent: number; dead: number; seeded: number };
      expect((row.energy as { total: number }).total).toBeCloseTo(total + flows.food - flows.spent - flows.dead + flows.seeded, 2);
      total = (row.energy as { total: number }).total;
    }
    expect(rows.reduce((n, r) => n + (r.births as number), 0)).toBeGreaterThan(0);
  });

  it('is refused, naming the key, where a parent could not pay for its child', () => {
    const config = (birthCost: number) => ({ scenario: 'ecology', worlds: { ecology: { reproduceEnergy: 40, childEnergy: 15, birthCost } } });
    expect(() => resolveConfig(config(24))).not.toThrow();
    expect(() => resolveConfig(config(25))).toThrow(CoevoError);
    expect(() => resolveConfig(config(25))).toThrow(/worlds\.ecology\.birthCost/);
    expect(() => resolveConfig(config(-1))).toThrow(/worlds\.ecology\.birthCost/);
  });
});
