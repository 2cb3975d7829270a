/**
 * The ecology's side of the stream (docs/protocol.md, "The ecology's live world"): a client
 * watches one arena at a time (the world or a region) through an optional viewport, and gets the
 * bodies inside it whenever the feed's tick has moved (a decision at a time while a window's paths
 * play back), at most at its rate.
 */
import type { Viewport } from '../../client-protocol/protocol.ts';
import type { ClientSession } from './client-session.ts';
import { intersect, type WorldFeed } from './world-feed.ts';

export function subscribeWorld(session: ClientSession, feed: WorldFeed, maxFps: number, arenas: string[], fps?: number, viewport?: Viewport): void {
  const unknown = arenas.filter((a) => !feed.bounds(a));
  if (unknown.length) {
    session.error('UNKNOWN_ARENA', `no arena ${unknown.map((a) => JSON.stringify(a)).join(', ')}; hello.arenas lists them`);
    return;
  }
  if (arenas.length > 1) {
    session.error('BAD_FIELD', 'subscribe.arenas: the ecology streams one arena at a time (world or one region)');
    return;
  }
  const bounds = feed.bounds(arenas[0])!;
  const view = viewport ? intersect(viewport, bounds) : bounds;
  if (!view) {
    session.error('BAD_FIELD', `subscribe.viewport [${viewport!.join(', ')}] lies outside ${arenas[0]} [${bounds.join(', ')}]`);
    return;
  }
  session.fps = Math.min(fps ?? maxFps, maxFps);
  session.arenas.clear();
  session.arenas.add(arenas[0]);
  session.viewArena = arenas[0];
  session.view = view;
  session.send(feed.worldMessage(arenas[0], view));
  session.lastTick = -1;
  session.lastFrameAt = 0;
}

/** Each client gets the bodies inside its view when the feed has moved on, at most at its rate. */
export function broadcastWorld(sessions: Iterable<ClientSession>, feed: WorldFeed, maxFps: number): void {
  feed.releaseEvents();
  const state = feed.state;
  const { tick } = state;
  const now = Date.now();
  for (const session of sessions) {
    if (!session.view || !session.viewArena || tick === session.lastTick) continue;
    // Half a broadcast period of slack, so that timer jitter does not halve a client's rate.
    if (now - session.lastFrameAt < 1000 / session.fps - 500 / maxFps) continue;
    if (!session.canTakeFrame) {
      session.dropped++;
      continue;
    }
    session.send({ type: 'frame', arena: session.viewArena, tick, episode: 0, dropped: session.dropped, ...feed.frame(session.view, state) });
    session.dropped = 0;
    session.lastFrameAt = now;
    session.lastTick = tick;
  }
}
