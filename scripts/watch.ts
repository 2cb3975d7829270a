/**
 * A terminal viewer, and an example for client authors: subscribes to a run's showcase and prints
 * a live summary once a second.
 *   npm run watch -- [ws://127.0.0.1:8080/ws]
 */
import { connect } from '../client-protocol/client.ts';
import { framePositions } from '../client-protocol/protocol.ts';

const url = process.argv[2] ?? 'ws://127.0.0.1:8080/ws';
const client = await connect(url);
const { hello } = client;
console.log(`connected to run ${hello.runId} (${hello.scenario}, protocol ${hello.protocol}); arenas: ${hello.arenas.join(', ')}`);
client.subscribe(['showcase'], 10);

let agents = 0;
let frames = 0;
let dropped = 0;
let ticks = 0;
let lastTick = 0;
let eaten = 0;
let line = 'waiting for the first generation';
let previous: Float32Array | null = null;
let lastTickMoved = 0;
let speed = 0; // mean ground speed of the agents' bodies between the last two frames, m/s
client.on('world', (world) => (agents = world.bodies.filter((b) => b.role === 'agent').length));
client.on('frame', (frame) => {
  frames++;
  dropped += frame.dropped;
  ticks += frame.tick >= lastTick ? frame.tick - lastTick : frame.tick;
  lastTick = frame.tick;
  const positions = framePositions(frame); // x, y, z per moving body, agents first
  if (previous && previous.length === positions.length && frame.tick > lastTickMoved) {
    const bodies = Math.min(agents, positions.length / 3);
    let moved = 0;
    for (let i = 0; i < 3 * bodies; i += 3) moved += Math.hypot(positions[i] - previous[i], positions[i + 2] - previous[i + 2]);
    speed = moved / Math.max(1, bodies) / ((frame.tick - lastTickMoved) / 60);
  }
  previous = positions;
  lastTickMoved = frame.tick;
});
client.on('event', (event) => event.kind === 'ate' && eaten++);
client.on('generation', ({ row }) => {
  type Fitness = { best: number; mean: number };
  const summary = (f: Fitness) => `best ${f.best.toFixed(2)}, mean ${f.mean.toFixed(2)}`;
  // Co-evolution rows carry each population's fitness under `populations`.
  const populations = row.populations as Record<string, { fitness: Fitness }> | undefined;
  const fitness = populations
    ? Object.entries(populations)
        .map(([name, p]) => `${name} ${summary(p.fitness)}`)
        .join('; ')
    : summary(row.fitness as Fitness);
  line = `generation ${(row.generation as number) + 1}: ${fitness}, ${Math.round(row.agentStepsPerSec as number)} agent-steps/s`;
});
client.on('error', (error) => console.error(`server error ${error.code}: ${error.message}`));

const timer = setInterval(() => {
  console.log(`${ticks} ticks/s, ${frames} frames/s (${dropped} dropped), ${agents} agent bodies moving ${speed.toFixed(2)} m/s, ${eaten} eaten | ${line}`);
  frames = dropped = ticks = eaten = 0;
}, 1000);
const code = await client.closed;
clearInterval(timer);
console.log(`connection closed (${code})`);
