import { describe, expect, it } from 'vitest';
import { CoevoError } from '../server/errors.ts';
import { resolveConfig } from '../server/config/resolve.ts';
import { pushEast, stepWindow, worldOf } from './ecology-helpers.ts';

/** Where one agent, 10 m from two walls, ends up after `windows` windows of pushing toward +x. */
async function pushedFrom(forceTurn: number, windows = 1): Promise<{ x: number; z: number; energy: number; action: number[] }> {
  const { world } = worldOf([[-10, -10]], { forceTurn });
  const agent = world.agents[0];
  for (let k = 0; k < windows; k++) await stepWindow(world, pushEast);
  return { x: agent.body[0] + 10, z: agent.body[2] + 10, energy: agent.energy, action: Array.from(agent.action) };
}

describe('worlds.ecology.forceTurn', () => {
  it('turns the push an action gives: 0 along it, 180 against it, 90 toward +z', async () => {
    const straight = await pushedFrom(0);
    const reversed = await pushedFrom(180);
    const sideways = await pushedFrom(90);
    expect(straight.x).toBeGreaterThan(1);
    expect(Math.abs(straight.z)).toBeLessThan(1e-3);
    expect(reversed.x).toBeCloseTo(-straight.x, 3);
    expect(sideways.z).toBeCloseTo(straight.x, 3);
    expect(Math.abs(sideways.x)).toBeLessThan(1e-3);
    // The cost of moving and the action kept for imitation are the policy's own, whichever way it pushed.
    expect(reversed.energy).toBeCloseTo(straight.energy, 9);
    expect(reversed.action).toEqual(straight.action);
    expect(straight.action).toEqual([1, 0]);
  });

  it('can be set by a schedule, and is refused out of range naming the key', () => {
    const reversal = { scenario: 'ecology', schedule: [{ at: 300, set: { worlds: { ecology: { forceTurn: 180 } } } }] };
    expect(() => resolveConfig(reversal)).not.toThrow();
    expect(() => resolveConfig({ scenario: 'ecology', worlds: { ecology: { forceTurn: 270 } } })).toThrow(CoevoError);
    expect(() => resolveConfig({ scenario: 'ecology', worlds: { ecology: { forceTurn: 270 } } })).toThrow(/worlds\.ecology\.forceTurn/);
  });
});
