/** The little-endian bins of frames and inspect messages: reading them as numbers, and writing them. */
import type { FrameMessage } from './protocol.ts';

/** Agent ids of an ecology frame, one per position. */
export function frameIds(frame: FrameMessage): Int32Array {
  const bytes = frame.ids ?? new Uint8Array(0);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Int32Array.from({ length: bytes.byteLength / 4 }, (_, i) => view.getInt32(i * 4, true));
}

/** Little-endian int32 bytes of `values` (an ecology frame's ids and lineages). */
export function intBytes(values: Int32Array): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setInt32(i * 4, values[i], true);
  return bytes;
}

/** Positions of a frame as numbers: x, y, z per moving body. */
export function framePositions(frame: FrameMessage): Float32Array {
  return floatsOf(frame.positions);
}

/** Rotations of a frame as numbers: x, y, z, w per rotating body (none when the world has none). */
export function frameRotations(frame: FrameMessage): Float32Array {
  return floatsOf(frame.rotations ?? new Uint8Array(0));
}

export function floatsOf(bytes: Uint8Array): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(bytes.byteLength / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

/** Little-endian float32 bytes of `values`, for a frame's positions and rotations. */
export function floatBytes(values: Float32Array): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  return bytes;
}
