/**
 * The ecology in the viewer: the whole world zoomed out on a 2D canvas (every agent a point,
 * coloured by lineage or energy; click to choose where to look), and the chosen square in 3D
 * (agents as balls, standing food as small green balls), both from the frames of the `world`
 * arena. Agents come and go, so the 3D view is drawn from instanced meshes rebuilt each frame.
 */
import * as THREE from 'three';
import type { FrameMessage, Viewport, WorldMessage } from '../client-protocol/protocol.ts';
import { floatsOf, frameIds } from '../client-protocol/protocol.ts';

export type ColourBy = 'lineage' | 'energy';

/** A bright, stable colour per lineage id (golden-angle hues). */
function lineageHue(lineage: number): number {
  return ((lineage * 137.508) % 360) / 360;
}

function energyColour(energy: number, out: THREE.Color): THREE.Color {
  const t = Math.max(0, Math.min(1, energy / 40));
  return out.setHSL(0.0 + 0.33 * t, 0.75, 0.5);
}

export class EcologyView {
  colourBy: ColourBy = 'lineage';
  /** The square shown in 3D. */
  focus: Viewport = [-20, -20, 20, 20];
  private size = 160;
  private readonly agents: THREE.InstancedMesh;
  private readonly food: THREE.InstancedMesh;
  private readonly ground: THREE.Mesh;
  private readonly matrix = new THREE.Matrix4();
  private readonly colour = new THREE.Color();
  private last: FrameMessage | null = null;
  /** Obstacles (the world's `wall` boxes): x, z and half side. */
  private pillars: [number, number, number][] = [];
  private readonly pillarGroup = new THREE.Group();

  constructor(
    private readonly group: THREE.Group,
    private readonly camera: THREE.PerspectiveCamera,
    private readonly target: THREE.Vector3,
    private readonly overview: HTMLCanvasElement,
    private readonly capacity = 8192,
  ) {
    this.agents = new THREE.InstancedMesh(new THREE.SphereGeometry(0.5, 12, 8), new THREE.MeshStandardMaterial({ roughness: 0.6 }), capacity);
    this.food = new THREE.InstancedMesh(new THREE.SphereGeometry(0.3, 8, 6), new THREE.MeshStandardMaterial({ color: 0xa3be8c }), capacity);
    this.ground = new THREE.Mesh(new THREE.PlaneGeometry(1, 1), new THREE.MeshStandardMaterial({ color: 0x2e3440 }));
    this.ground.rotation.x = -Math.PI / 2;
    this.group.add(this.ground, this.agents, this.food, this.pillarGroup);
    overview.addEventListener('click', (event) => {
      const box = overview.getBoundingClientRect();
      const x = ((event.clientX - box.left) / box.width - 0.5) * this.size;
      const z = ((event.clientY - box.top) / box.height - 0.5) * this.size;
      this.lookAt(x, z);
    });
  }

  load(world: WorldMessage): void {
    this.size = world.arenaSize;
    this.pillarGroup.clear();
    this.pillars = [];
    for (const body of world.bodies) {
      if (body.role !== 'wall' || body.shape.kind !== 'box' || !body.position) continue;
      const [hx, hy, hz] = body.shape.halfExtents;
      const mesh = new THREE.Mesh(new THREE.BoxGeometry(2 * hx, 2 * hy, 2 * hz), new THREE.MeshStandardMaterial({ color: 0x4c566a }));
      mesh.position.set(...body.position);
      this.pillarGroup.add(mesh);
      this.pillars.push([body.position[0], body.position[2], hx]);
    }
    this.lookAt(0, 0);
  }

  /** Centres the 3D square on (x, z). */
  lookAt(x: number, z: number): void {
    const half = Math.min(20, this.size / 2);
    this.focus = [x - half, z - half, x + half, z + half];
    this.ground.scale.set(2 * half, 2 * half, 1);
    this.ground.position.set(x, 0, z);
    this.target.set(x, 0, z);
    this.camera.position.set(x, half * 1.6, z + half * 1.6);
    if (this.last) this.place(this.last);
  }

  /** Draws a frame: every agent on the overview, those inside the focus in 3D. Returns how many are shown in 3D. */
  place(frame: FrameMessage): number {
    this.last = frame;
    const positions = floatsOf(frame.positions);
    const ids = frameIds(frame);
    const lineages = frame.lineages ? new Int32Array(new Uint8Array(frame.lineages).buffer) : new Int32Array(ids.length);
    const energies = frame.energies ? floatsOf(frame.energies) : new Float32Array(ids.length);
    const [x0, z0, x1, z1] = this.focus;
    let shown = 0;
    for (let i = 0; i < ids.length && shown < this.capacity; i++) {
      const x = positions[3 * i];
      const z = positions[3 * i + 2];
      if (x < x0 || x > x1 || z < z0 || z > z1) continue;
      this.matrix.makeTranslation(x, positions[3 * i + 1], z);
      this.agents.setMatrixAt(shown, this.matrix);
      this.agents.setColorAt(shown, this.colourOf(lineages[i], energies[i]));
      shown++;
    }
    this.agents.count = shown;
    this.agents.instanceMatrix.needsUpdate = true;
    if (this.agents.instanceColor) this.agents.instanceColor.needsUpdate = true;
    const food = frame.food ? floatsOf(frame.food) : new Float32Array(0);
    let pellets = 0;
    for (let p = 0; p < food.length / 2 && pellets < this.capacity; p++) {
      const x = food[2 * p];
      const z = food[2 * p + 1];
      if (x < x0 || x > x1 || z < z0 || z > z1) continue;
      this.matrix.makeTranslation(x, 0.3, z);
      this.food.setMatrixAt(pellets++, this.matrix);
    }
    this.food.count = pellets;
    this.food.instanceMatrix.needsUpdate = true;
    this.drawOverview(positions, lineages, energies, food);
    return shown;
  }

  private colourOf(lineage: number, energy: number): THREE.Color {
    return this.colourBy === 'energy' ? energyColour(energy, this.colour) : this.colour.setHSL(lineageHue(lineage), 0.7, 0.55);
  }

  private drawOverview(positions: Float32Array, lineages: Int32Array, energies: Float32Array, food: Float32Array): void {
    const ctx = this.overview.getContext('2d');
    if (!ctx) return;
    const { width, height } = this.overview;
    const sx = width / this.size;
    const sz = height / this.size;
    const px = (x: number) => (x + this.size / 2) * sx;
    const pz = (z: number) => (z + this.size / 2) * sz;
    ctx.fillStyle = '#1b2029';
    ctx.fillRect(0, 0, width, height);
    ctx.fillStyle = '#4c566a';
    for (const [x, z, half] of this.pillars) ctx.fillRect(px(x - half), pz(z - half), 2 * half * sx, 2 * half * sz);
    ctx.fillStyle = '#3f5a3a';
    for (let p = 0; p < food.length / 2; p++) ctx.fillRect(px(food[2 * p]), pz(food[2 * p + 1]), 1, 1);
    for (let i = 0; i < lineages.length; i++) {
      ctx.fillStyle = `#${this.colourOf(lineages[i], energies[i]).getHexString()}`;
      ctx.fillRect(px(positions[3 * i]) - 1, pz(positions[3 * i + 2]) - 1, 2, 2);
    }
    const [x0, z0, x1, z1] = this.focus;
    ctx.strokeStyle = '#ebcb8b';
    ctx.strokeRect(px(x0), pz(z0), (x1 - x0) * sx, (z1 - z0) * sz);
  }
}
