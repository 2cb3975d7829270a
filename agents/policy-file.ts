/**
 * Saved policies: a folder in the TensorFlow.js LayersModel format (model.json + weights.bin),
 * so plain TensorFlow.js loads it with tf.loadLayersModel, plus coevo.json, a small header
 * naming the scenario and the observation and action sizes it was trained for.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CoevoError } from '../server/errors.ts';
import { syncDirectory, temporaryPath, writeFileAtomic } from '../server/atomic-file.ts';
import { ACTIVATIONS, layers, networkParameterCount, parameterCount, type Activation, type MlpShape } from './mlp.ts';

export const POLICY_FORMAT = 'coevo-policy';
export const POLICY_VERSION = 1;

export interface PolicyHeader {
  format: typeof POLICY_FORMAT;
  version: number;
  scenario: string;
  /** The role it plays in worlds with several (sumo "red", pursuit "prey"); absent in single-role worlds. */
  role?: string;
  observationSize: number;
  actionSize: number;
  hiddenSizes: number[];
  activation: Activation;
  /**
   * A stochastic policy's learned log standard deviation per action (behaviour prediction); the
   * LayersModel is its mean. Absent for a deterministic policy.
   */
  logStd?: number[];
  /** Where the policy came from, for people reading the folder. */
  origin?: { runSeed?: number; generation?: number; fitness?: number };
}

export interface Policy {
  header: PolicyHeader;
  shape: MlpShape;
  genome: Float32Array;
}

export function policyShape(header: PolicyHeader): MlpShape {
  return {
    inputSize: header.observationSize,
    hiddenSizes: header.hiddenSizes,
    outputSize: header.actionSize,
    activation: header.activation,
    outputActivation: 'tanh',
    ...(header.logStd ? { stochastic: true } : {}),
  };
}

/** Writes the policy folder atomically: it is built under a temporary name, then renamed. */
export function savePolicy(dir: string, header: PolicyHeader, genome: Float32Array): void {
  const shape = policyShape(header);
  if (genome.length !== parameterCount(shape)) {
    throw new Error(`savePolicy: genome has ${genome.length} values, the network needs ${parameterCount(shape)}`);
  }
  // weights.bin holds the LayersModel's weights alone, so that plain TensorFlow.js loads it.
  const weights = genome.subarray(0, networkParameterCount(shape));
  const staging = temporaryPath(dir);
  mkdirSync(staging, { recursive: true });
  try {
    writeFileAtomic(join(staging, 'model.json'), JSON.stringify(layersModelJson(shape), null, 1));
    writeFileAtomic(join(staging, 'weights.bin'), new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength));
    writeFileAtomic(join(staging, 'coevo.json'), JSON.stringify(header, null, 2));
    if (existsSync(dir)) rmSync(dir, { recursive: true });
    renameSync(staging, dir);
    syncDirectory(dirname(dir));
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

/** Loads a policy from its folder or its model.json; any problem is a BAD_POLICY error. */
export function loadPolicy(path: string): Policy {
  const dir = existsSync(path) && statSync(path).isFile() ? dirname(path) : path;
  const fail = (why: string): never => {
    throw new CoevoError('BAD_POLICY', `policy ${path}: ${why}`);
  };
  if (!existsSync(dir)) fail('no such file or folder');
  const header = readJson(join(dir, 'coevo.json'), fail) as unknown as PolicyHeader;
  if (header.format !== POLICY_FORMAT) fail(`coevo.json is not a coevo policy header (format ${JSON.stringify(header.format)})`);
  if (header.version !== POLICY_VERSION) fail(`unsupported policy version ${header.version} (this coevo reads ${POLICY_VERSION})`);
  for (const key of ['observationSize', 'actionSize'] as const) {
    if (!Number.isInteger(header[key]) || header[key] < 1) fail(`coevo.json: ${key} must be a positive integer`);
  }
  if (!Array.isArray(header.hiddenSizes) || !header.hiddenSizes.every((n) => Number.isInteger(n) && n > 0)) {
    fail('coevo.json: hiddenSizes must be a list of positive integers');
  }
  if (!ACTIVATIONS.includes(header.activation)) fail(`coevo.json: unknown activation ${JSON.stringify(header.activation)}`);
  if (header.logStd !== undefined && (!Array.isArray(header.logStd) || header.logStd.length !== header.actionSize || !header.logStd.every(Number.isFinite))) {
    fail('coevo.json: logStd must hold one number per action');
  }
  const shape = policyShape(header);
  const model = readJson(join(dir, 'model.json'), fail) as { weightsManifest?: { paths: string[] }[] };
  const weightsFile = model.weightsManifest?.[0]?.paths?.[0];
  if (typeof weightsFile !== 'string' || basename(weightsFile) !== weightsFile) fail('model.json: missing or unsafe weights path');
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(dir, weightsFile as string));
  } catch {
    return fail(`cannot read ${weightsFile}`);
  }
  const expected = networkParameterCount(shape) * 4;
  if (bytes.length !== expected) fail(`${weightsFile} holds ${bytes.length} bytes, the network needs ${expected}`);
  const genome = new Float32Array(parameterCount(shape));
  genome.set(new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)));
  if (header.logStd) genome.set(header.logStd, networkParameterCount(shape));
  return { header, shape, genome };
}

function readJson(path: string, fail: (why: string) => never): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return fail(`cannot read ${basename(path)}`);
  }
  try {
    const value = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return fail(`${basename(path)} is not a JSON object`);
    return value;
  } catch {
    return fail(`${basename(path)} is not valid JSON (truncated or corrupt?)`);
  }
}

/** The Keras-style topology TensorFlow.js expects; weights are listed in genome order. */
function layersModelJson(shape: MlpShape) {
  const views = layers(shape);
  const denseLayers = views.map((layer, i) => ({
    class_name: 'Dense',
    config: {
      name: `coevo_dense_${i}`,
      trainable: true,
      dtype: 'float32',
      units: layer.outputs,
      activation: layer.activation,
      use_bias: true,
      ...(i === 0 ? { batch_input_shape: [null, layer.inputs] } : {}),
    },
  }));
  const weights = views.flatMap((layer, i) => [
    { name: `coevo_dense_${i}/kernel`, shape: [layer.inputs, layer.outputs], dtype: 'float32' },
    { name: `coevo_dense_${i}/bias`, shape: [layer.outputs], dtype: 'float32' },
  ]);
  return {
    format: 'layers-model',
    generatedBy: 'coevo',
    convertedBy: null,
    modelTopology: {
      class_name: 'Sequential',
      config: { name: 'coevo_policy', layers: denseLayers },
      keras_version: 'tfjs-layers 4.22.0',
      backend: 'tensor_flow.js',
    },
    weightsManifest: [{ paths: ['weights.bin'], weights }],
  };
}
