/** The legend: what the colours mean, each population's agents and the other kinds of body the world has. */
import type { WorldMessage } from '../client-protocol/protocol.ts';
import { POPULATION_COLOURS, ROLE_COLOURS } from './scene.ts';

/** `colourBy`: the ecology's colouring of agents (lineage or energy). */
export function showLegend(element: HTMLElement, world: WorldMessage, populations: string[], colourBy: string): void {
  const hex = (colour: number) => `#${colour.toString(16).padStart(6, '0')}`;
  const entries: [string, string][] =
    world.scenario === 'ecology'
      ? [
          ['#d8dee9', `agents: by ${colourBy === 'energy' ? 'energy (dark: little, bright: much)' : 'lineage (one colour per seeded ancestor)'}`],
          [hex(ROLE_COLOURS.food), 'food'],
        ]
      : [
          ...[...new Set(world.bodies.filter((b) => b.role === 'agent').map((b) => b.population ?? 0))].map((p): [string, string] => [
            hex(POPULATION_COLOURS[p % POPULATION_COLOURS.length]),
            populations[p] ?? `population ${p}`,
          ]),
          ...(['food', 'poison', 'ring', 'block', 'goal'] as const).filter((role) => world.bodies.some((b) => b.role === role)).map((role): [string, string] => [hex(ROLE_COLOURS[role]), role]),
        ];
  element.replaceChildren(
    ...entries.flatMap(([colour, label]) => {
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = colour;
      return [swatch, document.createTextNode(label)];
    }),
  );
}
