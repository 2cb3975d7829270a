/**
 * The fused MLP kernels (agents/kernels/assembly/mlp.ts, compiled to mlp.wasm by
 * `npm run build:kernels`): one WebAssembly instance per thread, and a bump arena in its memory
 * from which a caller takes the arrays of one piece of work. The kernels take byte offsets into
 * that memory; views into it are made after every allocation, because growing the memory
 * detaches the old buffer.
 */
import { readFileSync } from 'node:fs';
import { ACTIVATIONS, type Activation } from '../mlp.ts';

export interface MlpKernelExports {
  memory: WebAssembly.Memory;
  denseForward(x: number, w: number, y: number, rows: number, nin: number, nout: number, act: number): void;
  activationBackward(y: number, dy: number, n: number, act: number): void;
  denseBackward(x: number, w: number, dz: number, g: number, dx: number, rows: number, nin: number, nout: number): void;
  squaredErrorGradient(y: number, t: number, dy: number, n: number, scale: number): void;
  adam(p: number, g: number, m: number, v: number, n: number, lr: number, beta1: number, beta2: number, epsilon: number, c1: number, c2: number): void;
  gatherRows(src: number, index: number, dst: number, rows: number, width: number): void;
  tanhInPlace(x: number, n: number): void;
}

/** Below this the module keeps its own static data. */
const ARENA_START = 65536;
const PAGE = 65536;

let module: WebAssembly.Module | null = null;
let shared: MlpKernel | null = null;

/** A kernel instance with a memory of its own (freed with it by the garbage collector). */
export function newMlpKernel(): MlpKernel {
  module ??= new WebAssembly.Module(readFileSync(new URL('./mlp.wasm', import.meta.url)));
  return new MlpKernel(new WebAssembly.Instance(module, {}).exports as unknown as MlpKernelExports);
}

/**
 * Instances handed back by their last user, kept for the next: instantiating costs about 80 µs,
 * and a shard builds a controller per team and task. At most POOL_SIZE are kept (a memory never
 * shrinks, so the pool also bounds what idle instances hold).
 */
const pool: MlpKernel[] = [];
const POOL_SIZE = 16;

/** An instance of this thread's own until released: a pooled one (its arena reset) or a new one. */
export function acquireMlpKernel(): MlpKernel {
  const kernel = pool.pop() ?? newMlpKernel();
  kernel.reset();
  return kernel;
}

/** Hands an instance back; its memory must not be used after this. */
export function releaseMlpKernel(kernel: MlpKernel): void {
  if (pool.length < POOL_SIZE && !pool.includes(kernel)) pool.push(kernel);
}

/** This thread's instance for work done in one call, such as a round of training (it resets the arena). */
export function mlpKernel(): MlpKernel {
  shared ??= newMlpKernel();
  return shared;
}

/** The activation's code in the kernels (its index in ACTIVATIONS). */
export function activationCode(activation: Activation | 'tanh'): number {
  return ACTIVATIONS.indexOf(activation);
}

export class MlpKernel {
  private top = ARENA_START;

  constructor(readonly k: MlpKernelExports) {}

  /** Forgets every allocation: the next piece of work lays its arrays out from the start. */
  reset(): void {
    this.top = ARENA_START;
  }

  /** Reserves `count` floats (or i32s), 16-byte aligned for SIMD, and returns their byte offset. */
  alloc(count: number): number {
    const at = this.top;
    this.top += Math.ceil((count * 4) / 16) * 16;
    const needed = Math.ceil(this.top / PAGE) - this.k.memory.buffer.byteLength / PAGE;
    if (needed > 0) this.k.memory.grow(needed);
    return at;
  }

  /** A Float32Array view of `count` floats at byte offset `at` (valid until the next alloc). */
  f32(at: number, count: number): Float32Array {
    return new Float32Array(this.k.memory.buffer, at, count);
  }

  i32(at: number, count: number): Int32Array {
    return new Int32Array(this.k.memory.buffer, at, count);
  }
}
