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
client.on('world', (world) => (agents = world.bodies.filter((b) => b.role === 'agent').length));
client.on('frame', (frame) => {
  frames++;
  dropped += frame.dropped;
  ticks += frame.tick >= lastTick ? frame.tick - lastTick : frame.tick;
  lastTick = frame.tick;
  void framePositions(frame); // x, y, z per moving body, agents first
});
client.on('event', (event) => event.kind === 'ate' && eaten++);
client.on('generation', ({ row }) => {
  const fitness = row.fitness as { best: number; mean: number };
  line = `generation ${(row.generation as number) + 1}: best ${fitness.best.toFixed(2)}, mean ${fitness.mean.toFixed(2)}, ${Math.round(row.agentStepsPerSec as number)} agent-steps/s`;
});
client.on('error', (error) => console.error(`server error ${error.code}: ${error.message}`));

const timer = setInterval(() => {
  console.log(`${ticks} ticks/s, ${frames} frames/s (${dropped} dropped), ${agents} agents, ${eaten} eaten | ${line}`);
  frames = dropped = ticks = eaten = 0;
}, 1000);
const code = await client.closed;
clearInterval(timer);
console.log(`connection closed (${code})`);
