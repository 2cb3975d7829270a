// The fused MLP kernels: dense layers forward and backward, activations, mean-squared-error
// gradient, Adam, and a row gather, over f32 arrays in this module's linear memory, in
// WebAssembly SIMD (four lanes). AssemblyScript, compiled by `npm run build:kernels` to
// agents/kernels/mlp.wasm; agents/kernels/mlp-kernel.ts lays out the memory and calls these.
//
// Every pointer is a byte offset into memory. A layer's parameters are its genome slice: the
// kernel [inputs][outputs] row-major, then the biases. Plain multiply then add (no fused
// multiply-add, whose rounding differs between machines), so results are the same everywhere.

// Activation codes, in the order of agents/mlp.ts ACTIVATIONS.
const TANH: i32 = 0;
const RELU: i32 = 1;
const ELU: i32 = 2;
const SIGMOID: i32 = 3;

// tanh as a rational function, odd degree 13 over even degree 6, on [-7.9, 7.9] (the clamp
// saturates to 1 within float precision); below 4e-4, tanh(x) = x. Maximum error a few ulps.
const TANH_CLAMP: f32 = 7.90531110763549805;
const TANH_TINY: f32 = 0.0004;
const A1: f32 = 4.89352455891786e-3;
const A3: f32 = 6.37261928875436e-4;
const A5: f32 = 1.48572235717979e-5;
const A7: f32 = 5.12229709037114e-8;
const A9: f32 = -8.60467152213735e-11;
const A11: f32 = 2.00018790482477e-13;
const A13: f32 = -2.76076847742355e-16;
const B0: f32 = 4.89352518554385e-3;
const B2: f32 = 2.268434632439e-3;
const B4: f32 = 1.18534705686654e-4;
const B6: f32 = 1.19825839466702e-6;

@inline function tanh4(a: v128): v128 {
  const x = f32x4.max(f32x4.min(a, f32x4.splat(TANH_CLAMP)), f32x4.splat(-TANH_CLAMP));
  const x2 = f32x4.mul(x, x);
  let p = f32x4.add(f32x4.mul(f32x4.splat(A13), x2), f32x4.splat(A11));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(A9));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(A7));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(A5));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(A3));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(A1));
  p = f32x4.mul(p, x);
  let q = f32x4.add(f32x4.mul(f32x4.splat(B6), x2), f32x4.splat(B4));
  q = f32x4.add(f32x4.mul(q, x2), f32x4.splat(B2));
  q = f32x4.add(f32x4.mul(q, x2), f32x4.splat(B0));
  const tiny = f32x4.lt(f32x4.abs(a), f32x4.splat(TANH_TINY));
  return v128.bitselect(a, f32x4.div(p, q), tiny);
}

@inline function tanh1(a: f32): f32 {
  return f32x4.extract_lane(tanh4(f32x4.splat(a)), 0);
}

@inline function activate4(z: v128, act: i32): v128 {
  if (act == TANH) return tanh4(z);
  if (act == RELU) return f32x4.max(z, f32x4.splat(0));
  // sigmoid(z) = (1 + tanh(z / 2)) / 2
  if (act == SIGMOID) return f32x4.mul(f32x4.add(tanh4(f32x4.mul(z, f32x4.splat(0.5))), f32x4.splat(1)), f32x4.splat(0.5));
  return z;
}

@inline function activate1(z: f32, act: i32): f32 {
  if (act == ELU) return z > 0 ? z : Mathf.exp(z) - 1;
  return f32x4.extract_lane(activate4(f32x4.splat(z), act), 0);
}

/** The activation's derivative from its output y (every activation here allows that). */
@inline function derivative1(y: f32, act: i32): f32 {
  if (act == TANH) return 1 - y * y;
  if (act == RELU) return y > 0 ? 1 : 0;
  if (act == ELU) return y > 0 ? 1 : y + 1;
  if (act == SIGMOID) return y * (1 - y);
  return 1;
}

/** y[rows][nout] = act(x[rows][nin] · W + b), where w points at the layer's kernel, then biases. */
export function denseForward(x: usize, w: usize, y: usize, rows: i32, nin: i32, nout: i32, act: i32): void {
  const bias = w + <usize>(nin * nout) * 4;
  const rowBytes = <usize>nout * 4;
  for (let r = 0; r < rows; r++) {
    const xr = x + <usize>(r * nin) * 4;
    const yr = y + <usize>(r * nout) * 4;
    let j = 0;
    // Sixteen outputs at a time: four independent sums hide the adds' latency.
    for (; j + 16 <= nout; j += 16) {
      const col = <usize>j * 4;
      let a0 = v128.load(bias + col);
      let a1 = v128.load(bias + col + 16);
      let a2 = v128.load(bias + col + 32);
      let a3 = v128.load(bias + col + 48);
      let wi = w + col;
      for (let i = 0; i < nin; i++) {
        const xi = f32x4.splat(load<f32>(xr + <usize>i * 4));
        a0 = f32x4.add(a0, f32x4.mul(xi, v128.load(wi)));
        a1 = f32x4.add(a1, f32x4.mul(xi, v128.load(wi + 16)));
        a2 = f32x4.add(a2, f32x4.mul(xi, v128.load(wi + 32)));
        a3 = f32x4.add(a3, f32x4.mul(xi, v128.load(wi + 48)));
        wi += rowBytes;
      }
      if (act == ELU) {
        v128.store(yr + col, a0);
        v128.store(yr + col + 16, a1);
        v128.store(yr + col + 32, a2);
        v128.store(yr + col + 48, a3);
      } else {
        v128.store(yr + col, activate4(a0, act));
        v128.store(yr + col + 16, activate4(a1, act));
        v128.store(yr + col + 32, activate4(a2, act));
        v128.store(yr + col + 48, activate4(a3, act));
      }
    }
    for (; j + 4 <= nout; j += 4) {
      const col = <usize>j * 4;
      let a = v128.load(bias + col);
      let wi = w + col;
      for (let i = 0; i < nin; i++) {
        a = f32x4.add(a, f32x4.mul(f32x4.splat(load<f32>(xr + <usize>i * 4)), v128.load(wi)));
        wi += rowBytes;
      }
      v128.store(yr + col, act == ELU ? a : activate4(a, act));
    }
    for (; j < nout; j++) {
      let s = load<f32>(bias + <usize>j * 4);
      for (let i = 0; i < nin; i++) s += load<f32>(xr + <usize>i * 4) * load<f32>(w + <usize>(i * nout + j) * 4);
      store<f32>(yr + <usize>j * 4, act == ELU ? s : activate1(s, act));
    }
    if (act == ELU) for (let k = 0; k < nout; k++) store<f32>(yr + <usize>k * 4, activate1(load<f32>(yr + <usize>k * 4), act));
  }
}

/** dy[n] *= act'(y): the gradient through the activation, from the layer's outputs. */
export function activationBackward(y: usize, dy: usize, n: i32, act: i32): void {
  let k = 0;
  if (act == TANH) {
    for (; k + 4 <= n; k += 4) {
      const p = <usize>k * 4;
      const yk = v128.load(y + p);
      v128.store(dy + p, f32x4.mul(v128.load(dy + p), f32x4.sub(f32x4.splat(1), f32x4.mul(yk, yk))));
    }
  }
  for (; k < n; k++) {
    const p = <usize>k * 4;
    store<f32>(dy + p, load<f32>(dy + p) * derivative1(load<f32>(y + p), act));
  }
}

/**
 * The gradients of a dense layer, given dz[rows][nout] (the loss's gradient at the layer's
 * pre-activation): the kernel's and biases' into g (the layer's slice of the gradient, same
 * layout as w, overwritten), and the input's into dx[rows][nin] unless dx is 0.
 */
export function denseBackward(x: usize, w: usize, dz: usize, g: usize, dx: usize, rows: i32, nin: i32, nout: i32): void {
  const rowBytes = <usize>nout * 4;
  const inBytes = <usize>nin * 4;
  for (let i = 0; i < nin; i++) {
    const gi = g + <usize>(i * nout) * 4;
    let j = 0;
    for (; j + 16 <= nout; j += 16) {
      const col = <usize>j * 4;
      let a0 = f32x4.splat(0);
      let a1 = f32x4.splat(0);
      let a2 = f32x4.splat(0);
      let a3 = f32x4.splat(0);
      let xr = x + <usize>i * 4;
      let dr = dz + col;
      for (let r = 0; r < rows; r++) {
        const xi = f32x4.splat(load<f32>(xr));
        a0 = f32x4.add(a0, f32x4.mul(xi, v128.load(dr)));
        a1 = f32x4.add(a1, f32x4.mul(xi, v128.load(dr + 16)));
        a2 = f32x4.add(a2, f32x4.mul(xi, v128.load(dr + 32)));
        a3 = f32x4.add(a3, f32x4.mul(xi, v128.load(dr + 48)));
        xr += inBytes;
        dr += rowBytes;
      }
      v128.store(gi + col, a0);
      v128.store(gi + col + 16, a1);
      v128.store(gi + col + 32, a2);
      v128.store(gi + col + 48, a3);
    }
    for (; j + 4 <= nout; j += 4) {
      const col = <usize>j * 4;
      let a = f32x4.splat(0);
      for (let r = 0; r < rows; r++) {
        a = f32x4.add(a, f32x4.mul(f32x4.splat(load<f32>(x + <usize>(r * nin + i) * 4)), v128.load(dz + <usize>r * rowBytes + col)));
      }
      v128.store(gi + col, a);
    }
    for (; j < nout; j++) {
      let s: f32 = 0;
      for (let r = 0; r < rows; r++) s += load<f32>(x + <usize>(r * nin + i) * 4) * load<f32>(dz + <usize>(r * nout + j) * 4);
      store<f32>(gi + <usize>j * 4, s);
    }
  }
  const gb = g + <usize>(nin * nout) * 4;
  for (let j = 0; j < nout; j++) {
    let s: f32 = 0;
    for (let r = 0; r < rows; r++) s += load<f32>(dz + <usize>(r * nout + j) * 4);
    store<f32>(gb + <usize>j * 4, s);
  }
  if (dx == 0) return;
  for (let r = 0; r < rows; r++) {
    const dr = dz + <usize>r * rowBytes;
    for (let i = 0; i < nin; i++) {
      const wi = w + <usize>(i * nout) * 4;
      let a = f32x4.splat(0);
      let j = 0;
      for (; j + 4 <= nout; j += 4) a = f32x4.add(a, f32x4.mul(v128.load(dr + <usize>j * 4), v128.load(wi + <usize>j * 4)));
      let s = f32x4.extract_lane(a, 0) + f32x4.extract_lane(a, 1) + (f32x4.extract_lane(a, 2) + f32x4.extract_lane(a, 3));
      for (; j < nout; j++) s += load<f32>(dr + <usize>j * 4) * load<f32>(wi + <usize>j * 4);
      store<f32>(dx + <usize>(r * nin + i) * 4, s);
    }
  }
}

/** dy[n] = scale · (y − t): mean squared error's gradient, scale = 2 / (rows · outputs). */
export function squaredErrorGradient(y: usize, t: usize, dy: usize, n: i32, scale: f32): void {
  const s = f32x4.splat(scale);
  let k = 0;
  for (; k + 4 <= n; k += 4) {
    const p = <usize>k * 4;
    v128.store(dy + p, f32x4.mul(s, f32x4.sub(v128.load(y + p), v128.load(t + p))));
  }
  for (; k < n; k++) {
    const p = <usize>k * 4;
    store<f32>(dy + p, scale * (load<f32>(y + p) - load<f32>(t + p)));
  }
}

/**
 * One Adam step over n parameters, in TensorFlow.js's order of operations:
 * m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²; p ← p − lr · (m/c1) / (√(v/c2) + ε),
 * with c1 = 1 − β1^t and c2 = 1 − β2^t.
 */
export function adam(p: usize, g: usize, m: usize, v: usize, n: i32, lr: f32, beta1: f32, beta2: f32, epsilon: f32, c1: f32, c2: f32): void {
  const b1 = f32x4.splat(beta1);
  const b2 = f32x4.splat(beta2);
  const ob1 = f32x4.splat(1 - beta1);
  const ob2 = f32x4.splat(1 - beta2);
  const vc1 = f32x4.splat(c1);
  const vc2 = f32x4.splat(c2);
  const eps = f32x4.splat(epsilon);
  const nlr = f32x4.splat(-lr);
  let k = 0;
  for (; k + 4 <= n; k += 4) {
    const o = <usize>k * 4;
    const gk = v128.load(g + o);
    const mk = f32x4.add(f32x4.mul(v128.load(m + o), b1), f32x4.mul(gk, ob1));
    const vk = f32x4.add(f32x4.mul(v128.load(v + o), b2), f32x4.mul(f32x4.mul(gk, gk), ob2));
    v128.store(m + o, mk);
    v128.store(v + o, vk);
    const step = f32x4.div(f32x4.div(mk, vc1), f32x4.add(f32x4.sqrt(f32x4.div(vk, vc2)), eps));
    v128.store(p + o, f32x4.add(f32x4.mul(step, nlr), v128.load(p + o)));
  }
  for (; k < n; k++) {
    const o = <usize>k * 4;
    const gk = load<f32>(g + o);
    const mk = load<f32>(m + o) * beta1 + gk * (1 - beta1);
    const vk = load<f32>(v + o) * beta2 + gk * gk * (1 - beta2);
    store<f32>(m + o, mk);
    store<f32>(v + o, vk);
    store<f32>(p + o, (mk / c1 / (Mathf.sqrt(vk / c2) + epsilon)) * -lr + load<f32>(p + o));
  }
}

/** dst[r] = src[index[r]] for rows of `width` floats; index holds i32 row numbers. */
export function gatherRows(src: usize, index: usize, dst: usize, rows: i32, width: i32): void {
  const bytes = <usize>width * 4;
  for (let r = 0; r < rows; r++) memory.copy(dst + <usize>r * bytes, src + <usize>load<i32>(index + <usize>r * 4) * bytes, bytes);
}

/** tanh of n floats in place (exported so a test can hold the approximation to Math.tanh). */
export function tanhInPlace(x: usize, n: i32): void {
  for (let k = 0; k < n; k++) store<f32>(x + <usize>k * 4, tanh1(load<f32>(x + <usize>k * 4)));
}
