/**
 * What a client may ask of the run itself, each behind the control token: `control` (pause,
 * resume, step, checkpoint, showcase), and drive mode (`drive`, `act`). Every refusal is an
 * `error` with a stable code; the run goes on.
 */
import { timingSafeEqual } from 'node:crypto';
import { ProtocolError, floatsOf, type ActMessage, type ControlMessage, type DriveMessage } from '../../client-protocol/protocol.ts';
import type { ClientSession } from './client-session.ts';
import type { RunInfo } from './stream-server.ts';

export class Commands {
  constructor(
    private readonly token: string | null,
    private readonly run: RunInfo,
  ) {}

  async control(session: ClientSession, message: ControlMessage): Promise<void> {
    if (!this.allowed(session, message.token)) return;
    const { control } = this.run;
    try {
      switch (message.action) {
        case 'pause':
          control.pause();
          break;
        case 'resume':
          control.resume();
          break;
        case 'step':
          control.step();
          break;
        case 'checkpoint':
          await control.requestCheckpoint();
          break;
        case 'showcase':
          if (!this.run.setShowcase) throw new Error('the ecology has no showcase: subscribe to the world or a region');
          this.run.setShowcase(message.value ?? 'elites');
          break;
      }
      session.send({ type: 'ack', action: message.action, state: { ...this.run.status() } });
    } catch (error) {
      session.error('CONTROL_FAILED', (error as Error).message);
    }
  }

  drive(session: ClientSession, message: DriveMessage): void {
    if (!this.allowed(session, message.token)) return;
    const host = this.run.drive;
    if (!host) {
      session.error('NOT_SUPPORTED', "drive: people drive agents of a generation run's showcase; the ecology cannot be driven");
      return;
    }
    this.coded(session, () => {
      const state = message.stop ? (host.stop(session) ?? { driving: false }) : host.start(session, message.arena!, message.agent!);
      session.send({ type: 'ack', action: 'drive', state });
    });
  }

  act(session: ClientSession, message: ActMessage): void {
    if (!this.allowed(session, message.token)) return;
    const host = this.run.drive;
    if (!host) {
      session.error('NOT_SUPPORTED', 'act: the ecology cannot be driven');
      return;
    }
    this.coded(session, () => host.act(session, floatsOf(message.actions)));
  }

  /** A client that leaves ends its drive session (its demonstrations are written). */
  disconnected(session: ClientSession): void {
    this.run.drive?.stop(session);
  }

  private coded(session: ClientSession, body: () => void): void {
    try {
      body();
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error;
      session.error(error.code, error.message);
    }
  }

  /** True with the right token; otherwise the client hears why. */
  private allowed(session: ClientSession, token: string): boolean {
    if (this.authorised(token)) return true;
    session.error('UNAUTHORIZED', this.token === null ? 'this run takes no control (start it with --control-token)' : 'wrong control token');
    return false;
  }

  private authorised(token: string): boolean {
    if (this.token === null) return false;
    const a = Buffer.from(token);
    const b = Buffer.from(this.token);
    return a.length === b.length && timingSafeEqual(a, b);
  }
}
