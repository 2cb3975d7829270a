/**
 * The seats of a shown world, in the server's order (role by role, slot by slot, as `drive.agent`
 * and `subscribe.inspect` count them), and which moving bodies are whose: an agent of several
 * parts (a crawler) is several bodies with the same `population` and `index`.
 */
import type { WorldMessage } from '../client-protocol/protocol.ts';

export interface Seats {
  /** Per seat: its population (role) and slot. */
  seats: { population: number; slot: number }[];
  /** Per seat: the index among the moving bodies of its first part (where a frame has its position). */
  first: number[];
  /** Per moving body: its seat, or -1 (food, poison). */
  ofMoving: number[];
}

export function seatsOf(world: WorldMessage): Seats {
  const bodies = new Map(world.bodies.map((b) => [b.id, b]));
  const byKey = new Map<string, number>();
  const seats: Seats = { seats: [], first: [], ofMoving: [] };
  world.moving.forEach((id, i) => {
    const body = bodies.get(id);
    if (body?.role !== 'agent') {
      seats.ofMoving.push(-1);
      return;
    }
    const key = `${body.population ?? 0}/${body.index ?? 0}`;
    if (!byKey.has(key)) {
      byKey.set(key, seats.seats.length);
      seats.seats.push({ population: body.population ?? 0, slot: body.index ?? 0 });
      seats.first.push(i);
    }
    seats.ofMoving.push(byKey.get(key)!);
  });
  return seats;
}
