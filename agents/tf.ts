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
    const ok = await withoutProcessHandlers(async () => {
      await import('@tensorflow/tfjs-backend-wasm');
      return tfjs.setBackend('wasm');
    });
    if (ok) return tfjs;
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

/**
 * Runs `init` and removes the process-wide error handlers it installs. The wasm backend's
 * Emscripten glue rethrows every uncaught exception and unhandled rejection from its own handler,
 * so Node reports any error of the whole process at that handler's line: the backend's minified
 * source, tens of kilobytes, printed in place of the error's own place.
 */
async function withoutProcessHandlers<T>(init: () => Promise<T>): Promise<T> {
  const before = { exception: new Set(process.listeners('uncaughtException')), rejection: new Set(process.listeners('unhandledRejection')) };
  try {
    return await init();
  } finally {
    for (const listener of process.listeners('uncaughtException')) if (!before.exception.has(listener)) process.off('uncaughtException', listener);
    for (const listener of process.listeners('unhandledRejection')) if (!before.rejection.has(listener)) process.off('unhandledRejection', listener);
  }
}
