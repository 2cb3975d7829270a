/**
 * Bradley-Terry ratings fitted to all games at once, with confidence intervals: the groundwork
 * of `coevo tournament` (issue 6). Player i beats j with probability e^θi / (e^θi + e^θj); a draw
 * counts as half a win for each side. A weak Gaussian prior on θ keeps unbeaten or winless
 * players finite. Ratings are reported on the Elo scale (400 / ln 10 per unit of θ, mean 1500),
 * intervals from the inverse of the observed information (Newton's Hessian) at the optimum,
 * for each rating relative to the players' mean (only differences are identified).
 */

export interface GameResult {
  a: number;
  b: number;
  /** Score of `a`: 1 win, 0.5 draw, 0 loss. */
  score: number;
}

export interface Rating {
  rating: number;
  /** Half-width of the 95% interval, Elo points. */
  interval95: number;
}

const ELO_PER_THETA = 400 / Math.LN10;

export function fitBradleyTerry(players: number, games: GameResult[], priorSd = 2, iterations = 100): Rating[] {
  const wins = Array.from({ length: players }, () => new Float64Array(players));
  const meetings = Array.from({ length: players }, () => new Float64Array(players));
  for (const { a, b, score } of games) {
    if (a === b || a < 0 || b < 0 || a >= players || b >= players) throw new Error(`bradley-terry: bad pairing ${a} vs ${b}`);
    if (!(score >= 0 && score <= 1)) throw new Error(`bradley-terry: score ${score} is not in [0, 1]`);
    wins[a][b] += score;
    wins[b][a] += 1 - score;
    meetings[a][b]++;
    meetings[b][a]++;
  }
  const theta = new Float64Array(players);
  const precision = 1 / (priorSd * priorSd);
  let information = informationMatrix(theta, meetings, precision);
  for (let it = 0; it < iterations; it++) {
    const gradient = new Float64Array(players);
    for (let i = 0; i < players; i++) {
      gradient[i] = -precision * theta[i];
      for (let j = 0; j < players; j++) {
        if (!meetings[i][j]) continue;
        gradient[i] += wins[i][j] - meetings[i][j] * winProbability(theta[i], theta[j]);
      }
    }
    information = informationMatrix(theta, meetings, precision);
    const step = solve(information, gradient);
    let largest = 0;
    for (let i = 0; i < players; i++) {
      theta[i] += step[i];
      largest = Math.max(largest, Math.abs(step[i]));
    }
    if (largest < 1e-10) break;
  }
  information = informationMatrix(theta, meetings, precision);
  const covariance = invert(information);
  const mean = theta.reduce((s, t) => s + t, 0) / players;
  // Only differences are identified, so each rating's spread is that of θi minus the mean θ:
  // the variance of the contrast c = e_i - 1/n, c' Σ c.
  const rowMean = covariance.map((row) => row.reduce((s, v) => s + v, 0) / players);
  const grandMean = rowMean.reduce((s, v) => s + v, 0) / players;
  return Array.from(theta, (t, i) => ({
    rating: 1500 + (t - mean) * ELO_PER_THETA,
    interval95: 1.96 * Math.sqrt(Math.max(0, covariance[i][i] - 2 * rowMean[i] + grandMean)) * ELO_PER_THETA,
  }));
}

function winProbability(a: number, b: number): number {
  return 1 / (1 + Math.exp(b - a));
}

/** Minus the Hessian of the log posterior: positive definite thanks to the prior. */
function informationMatrix(theta: Float64Array, meetings: Float64Array[], precision: number): number[][] {
  const n = theta.length;
  const m = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    m[i][i] = precision;
    for (let j = 0; j < n; j++) {
      if (i === j || !meetings[i][j]) continue;
      const p = winProbability(theta[i], theta[j]);
      const w = meetings[i][j] * p * (1 - p);
      m[i][i] += w;
      m[i][j] -= w;
    }
  }
  return m;
}

/** Gaussian elimination with partial pivoting; `matrix` is not changed. */
function solve(matrix: number[][], rhs: Float64Array): Float64Array {
  const n = rhs.length;
  const a = matrix.map((row, i) => [...row, rhs[i]]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
    [a[col], a[pivot]] = [a[pivot], a[col]];
    for (let r = col + 1; r < n; r++) {
      const f = a[r][col] / a[col][col];
      for (let c = col; c <= n; c++) a[r][c] -= f * a[col][c];
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = a[r][n];
    for (let c = r + 1; c < n; c++) s -= a[r][c] * x[c];
    x[r] = s / a[r][r];
  }
  return x;
}

function invert(matrix: number[][]): number[][] {
  const n = matrix.length;
  const columns = Array.from({ length: n }, (_, col) => {
    const unit = new Float64Array(n);
    unit[col] = 1;
    return solve(matrix, unit);
  });
  return Array.from({ length: n }, (_, r) => columns.map((column) => column[r]));
}
