/**
 * TensorFlow.js with the fastest backend that loads here: native TensorFlow through the
 * optional `@tensorflow/tfjs-node` when it is installed (it needs internet at install time),
 * otherwise the WebAssembly backend, otherwise plain JavaScript (`cpu`).
 */
import * as tfjs from '@tensorflow/tfjs';

export type Tf = typeof tfjs;
export const TF_BACKENDS = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;
export type TfBackendChoice = (typeof TF_BACKENDS)[number];

let ready: Promise<Tf> | null = null;

export function initTf(choice: TfBackendChoice = 'auto'): Promise<Tf> {
  ready ??= pickBackend(choice);
  return ready;
}

async function pickBackend(choice: TfBackendChoice): Promise<Tf> {
  if (choice === 'auto' || choice === 'tensorflow') {
    const native = await tryNative();
    if (native) return native;
    if (choice === 'tensorflow') throw new Error('tf backend "tensorflow" requested but @tensorflow/tfjs-node did not load');
  }
  if (choice === 'auto' || choice === 'wasm') {
    await import('@tensorflow/tfjs-backend-wasm');
    if (await tfjs.setBackend('wasm')) return tfjs;
    if (choice === 'wasm') throw new Error('tf backend "wasm" failed to initialise');
  }
  await tfjs.setBackend('cpu');
  return tfjs;
}

async function tryNative(): Promise<Tf | null> {
  try {
    // A variable specifier keeps bundlers and type checks from requiring the optional package.
    const name = '@tensorflow/tfjs-node';
    const native = (await import(name)) as Tf;
    await native.setBackend('tensorflow');
    return native;
  } catch {
    return null;
  }
}
