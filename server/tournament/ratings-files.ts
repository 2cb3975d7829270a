/**
 * A tournament's results: each player's Bradley-Terry rating (Elo scale, 95% interval) fitted to
 * all games, its wins, draws and losses, and the win/draw/loss matrix, written as JSON and CSV
 * (atomically) and printed as a table.
 */
import { join } from 'node:path';
import { fitBradleyTerry } from '../../agents/ratings/bradley-terry.ts';
import { writeFileAtomic } from '../atomic-file.ts';
import type { PlayedGame } from './tournament.ts';

export interface Standing {
  player: string;
  /** The role it played, in games of two roles (pursuit). */
  role?: string;
  rating: number;
  interval95: number;
  games: number;
  wins: number;
  draws: number;
  losses: number;
}

/**
 * Standings, best rating first. A game's score counts as a win above one half, a draw at one half
 * and a loss below (in pursuit: every prey caught, half of them, none). `roles` names each
 * player's role in games of two roles.
 */
export function summarize(names: string[], games: PlayedGame[], roles?: string[]): Standing[] {
  const ratings = fitBradleyTerry(
    names.length,
    games.map((g) => ({ a: g.red, b: g.blue, score: g.score })),
  );
  const standings: Standing[] = names.map((player, i) => ({
    player,
    ...(roles ? { role: roles[i] } : {}),
    rating: round(ratings[i].rating),
    interval95: round(ratings[i].interval95),
    games: 0,
    wins: 0,
    draws: 0,
    losses: 0,
  }));
  for (const g of games) {
    for (const [p, s] of [
      [g.red, g.score],
      [g.blue, 1 - g.score],
    ] as const) {
      standings[p].games++;
      if (s > 0.5) standings[p].wins++;
      else if (s < 0.5) standings[p].losses++;
      else standings[p].draws++;
    }
  }
  return standings.sort((a, b) => b.rating - a.rating);
}

export function matrixOf(names: string[], games: PlayedGame[]): [number, number, number][][] {
  const m = names.map(() => names.map((): [number, number, number] => [0, 0, 0]));
  for (const g of games) {
    for (const [p, q, s] of [
      [g.red, g.blue, g.score],
      [g.blue, g.red, 1 - g.score],
    ] as const)
      m[p][q][s > 0.5 ? 0 : s < 0.5 ? 2 : 1]++;
  }
  return m;
}

export function writeResults(out: string, settings: { players: string[] } & Record<string, unknown>, standings: Standing[], games: PlayedGame[]): void {
  const names = settings.players;
  writeFileAtomic(join(out, 'ratings.json'), `${JSON.stringify({ ...settings, gamesPlayed: games.length, players: standings }, null, 2)}\n`);
  const roles = standings.some((s) => s.role !== undefined);
  writeFileAtomic(
    join(out, 'ratings.csv'),
    csv(
      ['player', 'rating', 'interval95', 'games', 'wins', 'draws', 'losses', ...(roles ? ['role'] : [])],
      standings.map((s) => [s.player, s.rating, s.interval95, s.games, s.wins, s.draws, s.losses, ...(roles ? [s.role ?? ''] : [])]),
    ),
  );
  const matrix = matrixOf(names, games);
  writeFileAtomic(join(out, 'matrix.json'), `${JSON.stringify({ players: names, wdl: matrix }, null, 1)}\n`);
  writeFileAtomic(
    join(out, 'matrix.csv'),
    csv(
      ['player', ...names],
      names.map((name, i) => [name, ...matrix[i].map(([w, d, l], j) => (i === j ? '' : `${w}-${d}-${l}`))]),
    ),
  );
}

export function standingsTable(standings: Standing[]): string {
  const width = Math.max(6, ...standings.map((s) => s.player.length));
  const roleWidth = Math.max(0, ...standings.map((s) => (s.role ? s.role.length + 2 : 0)));
  const row = (rank: string, player: string, role: string, rating: string, interval: string, wdl: string) =>
    `${rank.padStart(3)}  ${player.padEnd(width)}${roleWidth ? `  ${role.padEnd(roleWidth - 2)}` : ''}  ${rating.padStart(7)}  ${interval.padStart(6)}  ${wdl.padStart(11)}`;
  return [
    row('#', 'player', 'role', 'rating', '±95%', 'W-D-L'),
    ...standings.map((s, i) => row(String(i + 1), s.player, s.role ?? '', s.rating.toFixed(0), s.interval95.toFixed(0), `${s.wins}-${s.draws}-${s.losses}`)),
  ].join('\n');
}

function csv(header: string[], rows: (string | number)[][]): string {
  const cell = (v: string | number) => (typeof v === 'string' && /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : String(v));
  return `${[header, ...rows].map((r) => r.map(cell).join(',')).join('\n')}\n`;
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}
