/**
 * Drive mode (docs/protocol.md, "Drive mode"): one person at a time takes over a seat of the
 * showcase. Their `act` messages set the seat's actions, held until the next one and dropped to
 * zero after half a second of silence, so a lost connection never leaves an agent running. Every
 * decision they make is recorded as an (observation, action) pair into the run's
 * `demos/human-<time>.msgpack` (human-demos.ts), written every 30 s and when the session ends.
 *
 * A body's actions are sent as they are (the ball: a force direction in the world's x and z), or,
 * for bodies whose actions are not two, as two values: a desired ground velocity that the body's
 * own steering layer turns into its actions, as the scripted experts and transfer do.
 */
import { ProtocolError } from '../../client-protocol/protocol.ts';
import { bodyKind } from '../../worlds/bodies/index.ts';
import { HUMAN_FLUSH_SECONDS, HumanRecorder } from '../imitation/human-demos.ts';
import { STEER_SPEED } from '../run/transfer-steer.ts';
import type { Driver, Showcase } from './showcase.ts';
import { SHOWCASE } from './stream-server.ts';

/** Wall time after the last `act` at which the driven agent's actions fall back to zero. */
export const DRIVE_QUIET_MS = 500;

/** What the stream server asks of drive mode; every refusal is a ProtocolError with its code. */
export interface DriveHost {
  /** Starts `owner`'s session on a seat; what the `ack` reports. */
  start(owner: object, arena: string, agent: number): Record<string, unknown>;
  /** Ends `owner`'s session (writing its file); null when it was not driving. */
  stop(owner: object): Record<string, unknown> | null;
  act(owner: object, values: Float32Array): void;
}

interface Session {
  owner: object;
  driver: Driver;
  recorder: HumanRecorder;
  timer: NodeJS.Timeout;
  agent: number;
}

export class ShowcaseDrive implements DriveHost {
  private session: Session | null = null;
  private held: Float32Array | null = null;
  private heldAt = 0;

  constructor(
    private readonly showcase: Showcase,
    private readonly runDir: string,
    private readonly now: () => number = Date.now,
  ) {}

  start(owner: object, arena: string, agent: number): Record<string, unknown> {
    if (this.session && this.session.owner !== owner) throw new ProtocolError('DRIVE_BUSY', `someone else drives agent ${this.session.agent}; one person drives at a time`);
    const { spec } = this.showcase.current;
    if (arena !== SHOWCASE) throw new ProtocolError('UNKNOWN_AGENT', `drive.arena: people drive in "${SHOWCASE}", not ${JSON.stringify(arena)}`);
    const seats = spec.roles.reduce((n, r) => n + r.slots, 0);
    if (agent >= seats) throw new ProtocolError('UNKNOWN_AGENT', `drive.agent: the showcase has seats 0 to ${seats - 1}, not ${agent}`);
    if (this.session) this.stop(owner);
    let role = 0;
    let slot = agent;
    while (slot >= spec.roles[role].slots) slot -= spec.roles[role++].slots;
    const seat = spec.roles[role];
    const recorder = new HumanRecorder(this.runDir, spec.name, seat);
    const driver: Driver = {
      role,
      slot,
      decide: (observation, actions) => this.decide(role, observation, actions),
      record: (observation, actions, features) => recorder.add(observation, actions, features),
      newEpisode: () => recorder.cut(),
    };
    const timer = setInterval(() => recorder.flush(), HUMAN_FLUSH_SECONDS * 1000);
    timer.unref();
    this.session = { owner, driver, recorder, timer, agent };
    this.held = null;
    this.showcase.driver = driver;
    return { driving: true, arena, agent, role: seat.name, slot, observationSize: seat.observationSize, actionSize: seat.actionSize, steers: seat.actionSize !== 2, file: recorder.path };
  }

  stop(owner: object): Record<string, unknown> | null {
    const session = this.session;
    if (!session || session.owner !== owner) return null;
    clearInterval(session.timer);
    if (this.showcase.driver === session.driver) this.showcase.driver = null;
    this.session = null;
    session.recorder.cut();
    const wrote = session.recorder.flush() || session.recorder.samples > 0;
    return { driving: false, agent: session.agent, samples: session.recorder.samples, ...(wrote ? { file: session.recorder.path } : {}) };
  }

  /** The run is ending: whoever drives stops, and their file is written. */
  end(): void {
    if (this.session) this.stop(this.session.owner);
  }

  act(owner: object, values: Float32Array): void {
    const session = this.session;
    if (!session || session.owner !== owner) throw new ProtocolError('NOT_DRIVING', 'act: start a session with drive {token, arena, agent} first');
    const { actionSize } = this.showcase.current.spec.roles[session.driver.role];
    if (values.length !== actionSize && !(values.length === 2 && actionSize !== 2)) {
      throw new ProtocolError('BAD_FIELD', `act.actions: this agent takes ${actionSize} actions${actionSize !== 2 ? ', or 2 (a desired ground velocity, steered)' : ''}, not ${values.length}`);
    }
    if (!values.every(Number.isFinite)) throw new ProtocolError('BAD_FIELD', 'act.actions must be finite numbers in [-1, 1]');
    this.held = values.map((v) => Math.max(-1, Math.min(1, v)));
    this.heldAt = this.now();
  }

  private decide(role: number, observation: Float32Array, actions: Float32Array): boolean {
    const held = this.held;
    if (!held || this.now() - this.heldAt > DRIVE_QUIET_MS) {
      actions.fill(0);
      this.session?.recorder.cut();
      return false;
    }
    if (held.length === actions.length) {
      actions.set(held);
      return true;
    }
    const spec = this.showcase.current.spec.roles[role];
    bodyKind(spec.body).steer(observation, spec.proprioAt ?? 0, held[0] * STEER_SPEED, held[1] * STEER_SPEED, actions, 0);
    return true;
  }
}
