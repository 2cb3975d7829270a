/** The few quaternion operations bodies need; Rapier hands rotations over as plain {x, y, z, w}. */
export interface Quat {
  x: number;
  y: number;
  z: number;
  w: number;
}

/** Rotation by `angle` radians about +y. */
export function rotateY(angle: number): Quat {
  return { x: 0, y: Math.sin(angle / 2), z: 0, w: Math.cos(angle / 2) };
}

/** v rotated by q. */
export function rotateVector(q: Quat, x: number, y: number, z: number): { x: number; y: number; z: number } {
  // v' = v + 2w (u x v) + 2 u x (u x v), with u = (q.x, q.y, q.z)
  const tx = 2 * (q.y * z - q.z * y);
  const ty = 2 * (q.z * x - q.x * z);
  const tz = 2 * (q.x * y - q.y * x);
  return {
    x: x + q.w * tx + (q.y * tz - q.z * ty),
    y: y + q.w * ty + (q.z * tx - q.x * tz),
    z: z + q.w * tz + (q.x * ty - q.y * tx),
  };
}

/**
 * The angle of a revolute joint: the child's rotation relative to the parent's, about the joint
 * axis (given in the parent's frame). Both bodies start with the same rotation, so it starts at 0.
 */
export function jointAngle(parent: Quat, child: Quat, ax: number, ay: number, az: number): number {
  // r = conj(parent) * child
  const { x: px, y: py, z: pz, w: pw } = parent;
  const { x: cx, y: cy, z: cz, w: cw } = child;
  const rw = pw * cw + px * cx + py * cy + pz * cz;
  const rx = pw * cx - px * cw - py * cz + pz * cy;
  const ry = pw * cy + px * cz - py * cw - pz * cx;
  const rz = pw * cz - px * cy + py * cx - pz * cw;
  let angle = 2 * Math.atan2(rx * ax + ry * ay + rz * az, rw);
  if (angle > Math.PI) angle -= 2 * Math.PI;
  if (angle < -Math.PI) angle += 2 * Math.PI;
  return angle;
}
