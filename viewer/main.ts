/** The browser viewer: connects to /ws, shows the chosen arena in 3D and a live fitness chart. */
import { connect } from '../client-protocol/client.ts';
import { floatsOf, framePositions, frameRotations, type WorldMessage } from '../client-protocol/protocol.ts';
import { FitnessChart } from './chart.ts';
import { ArenaScene } from './scene.ts';
import type { ColourBy, EcologyView } from './ecology-view.ts';
import { DriveControls } from './drive.ts';
import { InspectPanel } from './inspect.ts';
import { seatsOf, type Seats } from './seats.ts';
import { showLegend } from './legend.ts';
import { ReplayPlayer } from './replay-player.ts';
import { replayChoices, startViewMode, type Listing } from './view-mode.ts';

interface Fitness {
  best: number;
  mean: number;
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const scene = new ArenaScene($('scene'));
const chart = new FitnessChart(document.getElementById('chart') as unknown as SVGSVGElement);
const picker = $<HTMLSelectElement>('arena');
const drive = new DriveControls({ token: $('token'), agent: $('drive-agent'), button: $('drive'), status: $('drive-status') }, () => scene.groundAxes());
const inspectPanel = new InspectPanel({ who: $('inspect-who'), bars: $<HTMLCanvasElement>('inspect-bars') });
const follow = $<HTMLInputElement>('follow');
const player = new ReplayPlayer({ picker: $('replay'), play: $('play'), timeline: $('timeline'), speed: $('speed'), status: $('replay-status') }, scene);
// Back to live: leave and join the showcase again, so that its world comes afresh.
player.onLive = () => {
  if (!client) return;
  client.send({ type: 'unsubscribe' });
  client.subscribe([picker.value], 30, undefined, selected === null ? undefined : { arena: picker.value, agent: selected });
};
player.onLoad = (replay) => {
  seats = seatsOf(replay.world);
  // Agents are coloured by role: name each role by the population of its first seat.
  const roles = [...new Set(replay.seats.map((s) => s.role))];
  legendFor(
    replay.world,
    roles.map((role) => replay.seats.find((s) => s.role === role)!.population),
  );
};
/** The shown world's seats, and the one selected (inspected), if any. */
let seats: Seats | null = null;
let selected: number | null = null;

/** Selects seat `seat` (null: none): lights it, and asks the server to inspect it. */
function select(seat: number | null): void {
  selected = seat !== null && seats && seat < seats.first.length ? seat : null;
  if (selected !== null) $<HTMLSelectElement>('drive-agent').value = String(selected);
  scene.select(selected === null || !seats ? [] : seats.ofMoving.flatMap((s, i) => (s === selected ? [i] : [])));
  if (selected === null) inspectPanel.clear();
  if (client && picker.value === 'showcase') client.subscribe([picker.value], 30, undefined, selected === null ? undefined : { arena: 'showcase', agent: selected });
}
const status = $('status');
let client: Awaited<ReturnType<typeof connect>> | null = null;
let frames = 0;
let dropped = 0;
/** Frames received since the page loaded, on the body for tests and curious users. */
let totalFrames = 0;
/** The ecology's view, once its world has come. */
let ecology: EcologyView | null = null;
const colourPicker = $<HTMLSelectElement>('colour');
/** The last world and its populations, to redraw the legend when the colouring changes. */
let shown: { world: WorldMessage; populations: string[] } | null = null;
colourPicker.addEventListener('change', () => {
  if (ecology) ecology.colourBy = colourPicker.value as ColourBy;
  if (shown) legendFor(shown.world, shown.populations);
});

/** What the colours mean, for the world shown. */
function legendFor(world: WorldMessage, populations: string[]): void {
  shown = { world, populations };
  showLegend($('legend'), world, populations, colourPicker.value);
}

function setStatus(state: 'connecting' | 'open' | 'closed'): void {
  status.dataset.state = state;
  status.textContent = state;
}

async function run(): Promise<void> {
  setStatus('connecting');
  try {
    client = await connect(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`);
  } catch {
    setStatus('closed');
    setTimeout(run, 2000);
    return;
  }
  setStatus('open');
  drive.attach(client);
  const { hello } = client;
  $('run').textContent = `${hello.runId} (${hello.scenario})`;
  $('generation').textContent = String(hello.generation);
  picker.replaceChildren(...hello.arenas.map((a) => new Option(a, a)));
  picker.value = hello.arenas.includes('showcase') ? 'showcase' : hello.arenas[0];
  if (hello.scenario === 'ecology') {
    document.body.dataset.scenario = 'ecology';
    $('generation-label').textContent = 'simulated time';
    $('fitness-label').textContent = 'population';
  }
  client.on('world', (world) => {
    if (player.active) return; // a replay holds the scene; going live asks for the world again
    legendFor(world, hello.populations);
    if (world.scenario !== 'ecology') {
      seats = seatsOf(world);
      drive.load(seats, hello.populations);
      scene.load(world);
      if (selected !== null) select(selected); // the new scene lights it again
      return;
    }
    ecology ??= scene.ecologyView($<HTMLCanvasElement>('overview'));
    ecology.colourBy = colourPicker.value as ColourBy;
    ecology.load(world);
    document.body.dataset.scenario = 'ecology';
  });
  client.on('frame', (frame) => {
    frames++;
    totalFrames++;
    dropped += frame.dropped;
    if (player.active) return; // a replay holds the scene
    if (ecology) {
      const shown = ecology.place(frame);
      document.body.dataset.agents = String((frame.ids?.byteLength ?? 0) / 4);
      document.body.dataset.shown = String(shown);
    } else {
      const positions = framePositions(frame);
      scene.place(positions, frameRotations(frame));
      if (follow.checked && selected !== null && seats) scene.follow(seats.first[selected]);
      const seat = drive.drivenSeat;
      // Where the driven agent is, for the browser test and for anyone scripting the page.
      if (seat !== null) document.body.dataset.driven = `${positions[3 * drive.seatBodies[seat]]},${positions[3 * drive.seatBodies[seat] + 2]}`;
    }
  });
  const showRow = (row: Record<string, unknown>) => {
    if (row.report !== undefined) {
      // An ecology report: simulated time, population and energy instead of generations and fitness.
      $('generation').textContent = `${row.simSeconds} s`;
      $('fitness').textContent = `${row.population} agents, energy ${(row.energy as { mean: number }).mean.toFixed(1)}`;
      return;
    }
    $('generation').textContent = String((row.generation as number) + 1);
    // Co-evolution rows hold one fitness per population: show each, chart the first.
    const populations = (row.populations ?? { '': { fitness: row.fitness } }) as Record<string, { fitness: Fitness }>;
    const entries = Object.entries(populations);
    $('fitness').textContent = entries.map(([name, p]) => `${name ? `${name} ` : ''}${p.fitness.best.toFixed(1)} / ${p.fitness.mean.toFixed(1)}`).join(', ');
    chart.add(row.generation as number, entries[0][1].fitness.best, entries[0][1].fitness.mean);
    void refreshReplays();
  };
  // The run so far, then each generation as it ends.
  chart.reset();
  for (const row of client.history) showRow(row);
  client.on('history', ({ rows }) => {
    for (const row of rows) showRow(row);
  });
  client.on('generation', ({ row }) => showRow(row));
  client.on('inspect', (message) => {
    if (message.agent !== selected) return;
    inspectPanel.show(message);
    const lines = message.lines ? floatsOf(message.lines) : new Float32Array(0);
    scene.showLines(lines);
    document.body.dataset.inspectLines = String(lines.length / 7);
    document.body.dataset.lines = String(lines.length > 0); // shows the lines' legend
  });
  client.on('error', (error) => console.warn(`coevo: ${error.code}: ${error.message}`));
  selected = null;
  inspectPanel.clear();
  client.subscribe([picker.value], 30);
  await client.closed;
  setStatus('closed');
  setTimeout(run, 1000); // reconnect
}

// A click (not a drag of the camera) on an agent selects it; on empty ground, clears the selection.
let pressedAt: [number, number] = [0, 0];
$('scene').addEventListener('pointerdown', (event) => (pressedAt = [event.clientX, event.clientY]));
$('scene').addEventListener('click', (event) => {
  // Agents of a replay are not the live showcase's: they cannot be inspected.
  if (Math.hypot(event.clientX - pressedAt[0], event.clientY - pressedAt[1]) > 5 || !seats || player.active) return;
  const body = scene.pick(event.clientX, event.clientY);
  select(body >= 0 && seats.ofMoving[body] >= 0 ? seats.ofMoving[body] : null);
});
$<HTMLSelectElement>('drive-agent').addEventListener('change', (event) => select(Number((event.target as HTMLSelectElement).value)));
/** For scripts and tests: where an agent is on the page, and selecting it. */
(window as unknown as { coevoViewer: object }).coevoViewer = {
  screenOfSeat: (seat: number) => (seats ? scene.screenOf(seats.first[seat]) : null),
  select,
};

picker.addEventListener('change', () => {
  client?.send({ type: 'unsubscribe' });
  client?.subscribe([picker.value], 30);
});
setInterval(() => {
  $('fps').textContent = `${frames} (${dropped})`;
  document.body.dataset.frames = String(totalFrames);
  frames = 0;
  dropped = 0;
}, 1000);
/** The replays saved so far (a new one may come with each generation). */
async function refreshReplays(): Promise<void> {
  const response = await fetch('/api/runs').catch(() => null);
  if (response?.ok) player.offer(replayChoices(await response.json()));
}

/** A served run streams live; `coevo view` and `coevo replay --serve` serve files only. */
async function start(): Promise<void> {
  const listing: Listing | null = await fetch('/api/runs')
    .then((r) => (r.ok ? r.json() : null))
    .catch(() => null);
  if (listing?.mode === 'view') {
    await startViewMode(listing, { field: $('field'), chart: $('run-chart'), runs: $('runs'), progress: $('progress') }, player);
    return;
  }
  void run();
}
void start();
