/** Each world's settings (`worlds.<name>.*`) in the config schema (schema.ts), with their documentation. */
import { z } from 'zod';
import { BODY_KINDS } from '../../worlds/bodies/body.ts';
import { CARRY_DEFAULTS } from '../../worlds/carry/options.ts';
import { ECOLOGY_DEFAULTS as ECO, IMITATION_STRATEGIES, KEEP_COPY, LEARN_WHEN } from '../../worlds/ecology/options.ts';
import { FORAGE_AGENT_SHAPES, FORAGE_DEFAULTS, FORAGE_SENSORS } from '../../worlds/forage/options.ts';
import { LOCOMOTION_DEFAULTS } from '../../worlds/locomotion/options.ts';
import { PHYSICAL_DEFAULTS } from '../../worlds/physical.ts';
import { PURSUIT_DEFAULTS } from '../../worlds/pursuit/options.ts';
import { SUMO_DEFAULTS } from '../../worlds/sumo/options.ts';
import { choice, doc, int, positive, share } from './schema-kit.ts';

/** The physical keys every world has (worlds/physical.ts): what a `schedule` changes to make a world different. */
const physicalFields = {
  friction: doc(z.number().min(0).max(10).default(PHYSICAL_DEFAULTS.friction), "friction coefficient of the ground (Rapier averages it with the body's own)"),
  bodyMass: doc(positive(10_000).nullable().default(PHYSICAL_DEFAULTS.bodyMass), "mass of an agent's body, kg; null keeps the body's own (a ball 1 kg, a crawler its parts' mass)"),
};

export const forageSchema = z.strictObject({
  ...physicalFields,
  body: doc(choice(BODY_KINDS).default(FORAGE_DEFAULTS.body), "the agents' body ([locomotion.md](locomotion.md))"),
  arenaSize: doc(z.number().min(6).max(200).default(FORAGE_DEFAULTS.arenaSize), 'side of the square arena, metres'),
  agentsPerArena: doc(int(1, 64).default(FORAGE_DEFAULTS.agentsPerArena), 'agents sharing one arena'),
  foodCount: doc(int(1, 1000).default(FORAGE_DEFAULTS.foodCount), 'pellets in an arena (eaten ones respawn)'),
  episodeSeconds: doc(positive(3600).default(FORAGE_DEFAULTS.episodeSeconds), 'simulated seconds per episode'),
  actionRepeat: doc(int(1, 60).default(FORAGE_DEFAULTS.actionRepeat), 'physics steps (1/60 s) per policy decision'),
  nearestFood: doc(int(1, 16).default(FORAGE_DEFAULTS.nearestFood), 'pellets in the observation', { range: '1 … 16, ≤ foodCount' }),
  rays: doc(int(0, 64).default(FORAGE_DEFAULTS.rays), 'ray-cast sensors around the agent'),
  rayLength: doc(positive(100).default(FORAGE_DEFAULTS.rayLength), 'sensor range, metres'),
  maxForce: doc(positive(1000).default(FORAGE_DEFAULTS.maxForce), "ball bodies' force at action 1, newtons (refused with crawlers)"),
  shaping: doc(z.number().min(0).max(100).default(FORAGE_DEFAULTS.shaping), 'fitness per metre of progress toward the nearest pellet'),
  sensors: doc(choice(FORAGE_SENSORS).default(FORAGE_DEFAULTS.sensors), 'ray sensors through Rapier ray casts, or the same rays in closed form (much faster, the same readings to 1e-4)'),
  agentShapes: doc(
    choice(FORAGE_AGENT_SHAPES).default(FORAGE_DEFAULTS.agentShapes),
    "what closed-form rays see of other agents: their colliders' exact shapes, or a 0.5 m circle at each one's centre (as before this key; the same for balls); a config.json without this key means `circles`",
  ),
  patches: doc(int(0, 64).default(FORAGE_DEFAULTS.patches), 'food patches: eaten food grows back within a random patch (0: anywhere in the arena)'),
  patchRadius: doc(positive(100).default(FORAGE_DEFAULTS.patchRadius), 'radius of a food patch, metres'),
  patchSpeed: doc(z.number().min(0).max(20).default(FORAGE_DEFAULTS.patchSpeed), "speed at which the patches' centres drift (bouncing off the walls), m/s"),
  poison: doc(
    z
      .strictObject({ count: int(0, 1000).default(8), penalty: z.number().min(0).max(100).default(1) })
      .nullable()
      .default(FORAGE_DEFAULTS.poison),
    'poison pellets, seen in a channel of their own (the nearest `nearestFood`: present, relative x and z); each one eaten costs `penalty` fitness. Configured (even with `count` 0), the channel is in the observation from the start, so a schedule can bring poison in later',
    { range: '`{ count: 0 … 1000, penalty: 0 … 100 }` or null' },
  ),
});

export const locomotionSchema = z.strictObject({
  ...physicalFields,
  body: doc(choice(BODY_KINDS).default(LOCOMOTION_DEFAULTS.body), "the walkers' body ([locomotion.md](locomotion.md))"),
  agentsPerArena: doc(int(1, 64).default(LOCOMOTION_DEFAULTS.agentsPerArena), 'walkers side by side, in lanes 6 m apart'),
  episodeSeconds: doc(positive(3600).default(LOCOMOTION_DEFAULTS.episodeSeconds), 'simulated seconds per episode'),
  actionRepeat: doc(int(1, 60).default(LOCOMOTION_DEFAULTS.actionRepeat), 'physics steps per decision'),
  maxForce: doc(positive(1000).default(LOCOMOTION_DEFAULTS.maxForce), "ball bodies' force at action 1, newtons (refused with crawlers)"),
  slope: doc(z.number().min(-30).max(30).default(LOCOMOTION_DEFAULTS.slope), 'tilt of the ground, degrees: positive makes the way forward (+x) uphill'),
});

export const sumoSchema = z.strictObject({
  ...physicalFields,
  ringRadius: doc(z.number().min(2).max(100).default(SUMO_DEFAULTS.ringRadius), 'ring radius, metres ([sumo.md](sumo.md))'),
  episodeSeconds: doc(positive(3600).default(SUMO_DEFAULTS.episodeSeconds), 'time limit (a draw)'),
  actionRepeat: doc(int(1, 60).default(SUMO_DEFAULTS.actionRepeat), 'physics steps per decision'),
  maxForce: doc(positive(1000).default(SUMO_DEFAULTS.maxForce), "ball bodies' force at action 1, newtons (refused when no population is a ball)"),
  shaping: doc(z.number().min(0).max(100).default(SUMO_DEFAULTS.shaping), 'weight of the per-step shaping (rival outward, self central)'),
});

export const pursuitSchema = z.strictObject({
  ...physicalFields,
  arenaSize: doc(z.number().min(6).max(200).default(PURSUIT_DEFAULTS.arenaSize), 'side of the walled square ([pursuit.md](pursuit.md))'),
  predators: doc(int(1, 32).default(PURSUIT_DEFAULTS.predators), 'predators per arena'),
  prey: doc(int(1, 32).default(PURSUIT_DEFAULTS.prey), 'prey per arena'),
  episodeSeconds: doc(positive(3600).default(PURSUIT_DEFAULTS.episodeSeconds), 'time limit'),
  actionRepeat: doc(int(1, 60).default(PURSUIT_DEFAULTS.actionRepeat), 'physics steps per decision'),
  predatorForce: doc(positive(1000).default(PURSUIT_DEFAULTS.predatorForce), "ball predators' force at action 1, newtons (refused with crawler predators)"),
  preyForce: doc(positive(1000).default(PURSUIT_DEFAULTS.preyForce), "ball prey's force at action 1, newtons (refused with crawler prey)"),
  shaping: doc(z.number().min(0).max(100).default(PURSUIT_DEFAULTS.shaping), "weight of the predators' closing-in shaping"),
});

export const carrySchema = z.strictObject({
  ...physicalFields,
  teamSize: doc(int(2, 4).default(CARRY_DEFAULTS.teamSize), 'agents in a team, pushing one block ([carry.md](carry.md))'),
  body: doc(choice(BODY_KINDS).default(CARRY_DEFAULTS.body), "the carriers' body"),
  arenaSize: doc(z.number().min(8).max(200).default(CARRY_DEFAULTS.arenaSize), 'side of the walled square, metres'),
  blockMass: doc(positive(10_000).default(CARRY_DEFAULTS.blockMass), "mass of the block, kg (with the defaults one ball moves it at a sixth or less of two balls' speed)"),
  blockSize: doc(z.number().min(0.5).max(20).default(CARRY_DEFAULTS.blockSize), "side of the block's square footprint, metres (it is 1 m tall)"),
  blockFriction: doc(z.number().min(0).max(10).default(CARRY_DEFAULTS.blockFriction), "friction coefficient of the block (Rapier averages it with the ground's)"),
  goalDistance: doc(positive(200).default(CARRY_DEFAULTS.goalDistance), "metres from the block's start to the goal's centre", { range: '< arenaSize - blockSize - 2' }),
  goalRadius: doc(positive(100).default(CARRY_DEFAULTS.goalRadius), 'radius of the goal zone, metres: the block is delivered when its centre is inside', { range: '< goalDistance' }),
  episodeSeconds: doc(positive(3600).default(CARRY_DEFAULTS.episodeSeconds), 'time limit'),
  actionRepeat: doc(int(1, 60).default(CARRY_DEFAULTS.actionRepeat), 'physics steps per decision'),
  maxForce: doc(positive(1000).default(CARRY_DEFAULTS.maxForce), "ball bodies' force at action 1, newtons (refused with crawlers)"),
  shaping: doc(z.number().min(0).max(100).default(CARRY_DEFAULTS.shaping), "fitness for carrying the block all the way, earned as it nears the goal (0: only the goal's bonus)"),
});

export const ecologySchema = z.strictObject({
  ...physicalFields,
  size: doc(z.number().min(20).max(400).default(ECO.size), 'side of the square floor, metres ([ecology.md](ecology.md))'),
  regionsX: doc(int(1, 16).default(ECO.regionsX), 'regions across x: each region is its own Rapier world, stepped in a shard'),
  regionsZ: doc(int(1, 16).default(ECO.regionsZ), 'regions across z (the grid is regionsX × regionsZ)'),
  borderMargin: doc(z.number().min(1).max(50).default(ECO.borderMargin), 'agents this close to a region appear in it as kinematic ghosts, metres', {
    range: "1 … 50, ≥ sightRadius, ≤ a region's side",
  }),
  exchangeSteps: doc(int(1, 600).default(ECO.exchangeSteps), 'control steps a region runs alone before agents migrate and ghosts are renewed'),
  actionRepeat: doc(int(1, 60).default(ECO.actionRepeat), 'physics steps (1/60 s) per decision'),
  maxForce: doc(positive(1000).default(ECO.maxForce), "the balls' force at action 1, newtons"),
  initialAgents: doc(int(1, 100_000).default(ECO.initialAgents), 'agents seeded at the start', { range: 'minAgents … maxAgents' }),
  minAgents: doc(int(0, 100_000).default(ECO.minAgents), 'population floor: below it, agents are reseeded from the archive of the dead', { range: '0 … maxAgents' }),
  maxAgents: doc(int(1, 100_000).default(ECO.maxAgents), 'population ceiling: no births above it'),
  archiveSize: doc(int(0, 10_000).default(ECO.archiveSize), 'dead agents (the most food in their lives) whose genomes reseed the world'),
  foodPatches: doc(int(1, 1000).default(ECO.foodPatches), 'round patches of food'),
  patchRadius: doc(positive(100).default(ECO.patchRadius), 'radius of a patch, metres'),
  pelletsPerPatch: doc(int(1, 10_000).default(ECO.pelletsPerPatch), 'pellets in a patch'),
  regrowSeconds: doc(positive(100_000).default(ECO.regrowSeconds), 'simulated seconds before an eaten pellet grows back'),
  foodEnergy: doc(positive(1000).default(ECO.foodEnergy), 'energy a pellet gives'),
  initialEnergy: doc(positive(1000).default(ECO.initialEnergy), 'energy of a seeded agent'),
  livingCost: doc(z.number().min(0).max(100).default(ECO.livingCost), 'energy spent per simulated second alive'),
  moveCost: doc(z.number().min(0).max(100).default(ECO.moveCost), 'energy per simulated second at full force (times |action|²/2)'),
  forceTurn: doc(
    z.number().min(-180).max(180).default(ECO.forceTurn),
    "degrees the force of every agent's action is turned by in the floor's plane (from +x toward +z); 180 reverses every push. Set mid-run by a schedule, it makes the steering agents have learned wrong while the world still carries as many (a reversal)",
  ),
  reproduceEnergy: doc(positive(10_000).default(ECO.reproduceEnergy), 'an agent with this much energy splits off a child'),
  childEnergy: doc(positive(10_000).default(ECO.childEnergy), "a child's starting energy, paid by its parent", { range: '< reproduceEnergy' }),
  birthCost: doc(
    z.number().min(0).max(10_000).default(ECO.birthCost),
    "energy a birth costs its parent beyond the child's starting energy, lost to the world (counted in `energyFlows.spent`): births made dear without making children's reserves larger",
    { range: '0 … 10,000, childEnergy + birthCost < reproduceEnergy' },
  ),
  maxAgeSeconds: doc(positive(1_000_000).default(ECO.maxAgeSeconds), 'simulated seconds an agent may live'),
  foodSectors: doc(int(1, 64).default(ECO.foodSectors), 'sectors of the food sense: per sector, how near the nearest pellet is'),
  foodRange: doc(positive(100).default(ECO.foodRange), 'range of the food sense, metres'),
  neighbours: doc(int(0, 16).default(ECO.neighbours), 'nearest visible agents in the observation (relative position, velocity, last action)'),
  sightRadius: doc(positive(50).default(ECO.sightRadius), 'how far an agent sees others, and whom it may imitate, metres', { range: '≤ borderMargin' }),
  learnEvery: doc(positive(100_000).default(ECO.learnEvery), 'simulated seconds between imitation rounds'),
  learnFraction: doc(share().default(ECO.learnFraction), 'share of the agents (drawn from the run seed) that imitate in a round'),
  learnWhen: doc(
    choice(LEARN_WHEN).default(ECO.learnWhen),
    "which agents are that share: drawn at random (`always`, every earlier run's), or the worst fed, by food gained per second since the last round (`dissatisfied`: copy-if-dissatisfied, a social learning strategy of cultural evolution)",
  ),
  keepCopy: doc(
    choice(KEEP_COPY).default(ECO.keepCopy),
    "whether a learner keeps what it copied: always (`always`, every earlier run's), or only if over the next round it gains food at least as fast as it did before copying, else it goes back to the weights it had (`critical`: critical social learning)",
  ),
  trialRounds: doc(
    int(1, 100).default(ECO.trialRounds),
    "under `keepCopy` `critical`, the imitation rounds (`learnEvery` each) a copy is on trial: its food per second over all of them is judged against its rate before copying, and it learns nothing new meanwhile (1: the next round, every earlier run's)",
  ),
  strategy: doc(
    choice(IMITATION_STRATEGIES).default(ECO.strategy),
    'whom a learner imitates among the neighbours it sees: the most food gained lately (`success`), the oldest (`prestige`), the commonest behaviour (`conformist`), anyone (`random`), or nobody (`none`)',
  ),
  learnSteps: doc(int(1, 10_000).default(ECO.learnSteps), "Adam steps of behaviour cloning on the chosen neighbour's recent pairs"),
  learnBatchSize: doc(int(1, 4096).default(ECO.learnBatchSize), 'pairs per step'),
  learningRate: doc(z.number().positive().max(1).default(ECO.learningRate), 'Adam learning rate'),
  pairBuffer: doc(int(1, 100_000).default(ECO.pairBuffer), '(observation, action) pairs each agent keeps for others to imitate'),
  recordEvery: doc(int(1, 1000).default(ECO.recordEvery), 'control steps between recorded pairs'),
  inheritance: doc(
    choice(['darwinian', 'baldwinian', 'lamarckian'] as const).default(ECO.inheritance),
    'what a child inherits: the learned weights (`lamarckian`) or the genome its parent was born with (`baldwinian`); `darwinian` turns learning off',
  ),
  reportSeconds: doc(positive(100_000).default(ECO.reportSeconds), 'simulated seconds between metrics rows (`checkpointEvery` counts rows here)'),
  runSeconds: doc(positive(1e9).nullable().default(ECO.runSeconds), 'simulated seconds to run (`--seconds`); null runs until stopped'),
  moveFoodAt: doc(positive(1e9).nullable().default(ECO.moveFoodAt), 'simulated second at which every food patch moves somewhere new; null never'),
  obstacles: doc(int(0, 1000).default(ECO.obstacles), 'square pillars standing on the floor (placed from the run seed; food and agents are kept off them)'),
  obstacleSize: doc(positive(50).default(ECO.obstacleSize), 'side of an obstacle, metres'),
});
