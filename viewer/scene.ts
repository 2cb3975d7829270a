/** The 3D arena: static bodies from the `world` message, moving ones placed by each frame. */
import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import type { BodyDesc, WorldMessage } from '../client-protocol/protocol.ts';
import type { GroundAxes } from './drive.ts';
import { EcologyView } from './ecology-view.ts';

export const POPULATION_COLOURS = [0xd08770, 0x81a1c1, 0xb48ead, 0xebcb8b];
export const ROLE_COLOURS = { ground: 0x2e3440, wall: 0x4c566a, food: 0xa3be8c, poison: 0xb48ead, ring: 0xd8dee9, block: 0x9c7a54, goal: 0x88c0d0 } as const;
/** Sensor lines by kind (protocol SENSOR_LINE): a ray that hit nothing, a wall, an agent; pointers to food and poison. */
export const LINE_COLOURS = [0x4c566a, 0xebcb8b, 0xbf616a, 0xa3be8c, 0xb48ead];

export class ArenaScene {
  private readonly renderer = new THREE.WebGLRenderer({ antialias: true, preserveDrawingBuffer: true });
  private readonly scene = new THREE.Scene();
  private readonly camera = new THREE.PerspectiveCamera(50, 1, 0.1, 500);
  private readonly controls: OrbitControls;
  private world = new THREE.Group();
  private moving: THREE.Object3D[] = [];
  /** Agents' parts among the moving bodies (they come first), and whether the next frame should frame them. */
  private agentCount = 0;
  private frameAgents = false;
  private rotating: THREE.Object3D[] = [];
  /** The selected agent's sensor lines, and its parts (lit). */
  private lines: THREE.LineSegments | null = null;
  private selected: THREE.Mesh[] = [];
  private readonly raycaster = new THREE.Raycaster();

  constructor(private readonly container: HTMLElement) {
    this.renderer.setPixelRatio(window.devicePixelRatio);
    container.appendChild(this.renderer.domElement);
    this.scene.background = new THREE.Color(0x11151c);
    this.scene.add(new THREE.HemisphereLight(0xffffff, 0x334455, 1.2));
    const sun = new THREE.DirectionalLight(0xffffff, 1.5);
    sun.position.set(10, 20, 5);
    this.scene.add(sun, this.world);
    this.camera.position.set(0, 18, 18);
    this.controls = new OrbitControls(this.camera, this.renderer.domElement);
    this.controls.enableDamping = true;
    window.addEventListener('resize', () => this.resize());
    this.resize();
    this.renderer.setAnimationLoop(() => {
      this.controls.update();
      this.renderer.render(this.scene, this.camera);
    });
  }

  private resize(): void {
    const { clientWidth: w, clientHeight: h } = this.container;
    this.renderer.setSize(w, h);
    this.camera.aspect = w / Math.max(1, h);
    this.camera.updateProjectionMatrix();
  }

  /** Clears the scene for the ecology's own view (ecology-view.ts), drawn into the same group, camera and controls. */
  ecologyView(overview: HTMLCanvasElement): EcologyView {
    this.scene.remove(this.world);
    this.world = new THREE.Group();
    this.scene.add(this.world);
    this.moving = [];
    this.rotating = [];
    return new EcologyView(this.world, this.camera, this.controls.target, overview);
  }

  /** Rebuilds the arena from a `world` message. */
  load(message: WorldMessage): void {
    this.lines = null;
    this.selected = [];
    this.scene.remove(this.world);
    this.world = new THREE.Group();
    this.scene.add(this.world);
    const byId = new Map<number, THREE.Object3D>();
    for (const body of message.bodies) {
      const mesh = meshOf(body);
      if (body.position) mesh.position.set(...body.position);
      this.world.add(mesh);
      byId.set(body.id, mesh);
    }
    this.moving = message.moving.map((id) => byId.get(id)!);
    this.rotating = (message.rotating ?? []).map((id) => byId.get(id)!); // absent from servers before it was added
    this.camera.position.set(0, message.arenaSize * 0.9, message.arenaSize * 0.9);
    this.controls.target.set(0, 0, 0);
    this.agentCount = message.moving.filter((id) => message.bodies.find((b) => b.id === id)?.role === 'agent').length;
    this.frameAgents = true;
  }

  /**
   * Points the camera at the agents, close enough to see them: a crawler on locomotion's 40 m
   * floor was a speck from the arena-wide view.
   */
  private frameOn(positions: Float32Array): void {
    const box = new THREE.Box3();
    for (let i = 0; i < this.agentCount; i++) box.expandByPoint(new THREE.Vector3(positions[3 * i], positions[3 * i + 1], positions[3 * i + 2]));
    if (box.isEmpty()) return;
    const centre = box.getCenter(new THREE.Vector3());
    const size = Math.max(8, box.getSize(new THREE.Vector3()).length());
    this.controls.target.copy(centre);
    this.camera.position.set(centre.x, centre.y + size * 0.8, centre.z + size * 0.9);
  }

  /** The moving body under a point of the canvas (client coordinates), or -1. */
  pick(clientX: number, clientY: number): number {
    const rect = this.renderer.domElement.getBoundingClientRect();
    const pointer = new THREE.Vector2(((clientX - rect.left) / rect.width) * 2 - 1, -((clientY - rect.top) / rect.height) * 2 + 1);
    this.raycaster.setFromCamera(pointer, this.camera);
    const [hit] = this.raycaster.intersectObjects(this.moving, false);
    return hit ? this.moving.indexOf(hit.object) : -1;
  }

  /** Where moving body `index` is on the page (client coordinates), for scripts and tests. */
  screenOf(index: number): { x: number; y: number } | null {
    const object = this.moving[index];
    if (!object) return null;
    // The camera may have moved since the last render (follow() shifts it with each frame), and
    // project() reads its world matrix: bring that up to date, or this lags the picture by a frame.
    this.camera.updateMatrixWorld();
    const p = object.position.clone().project(this.camera);
    const rect = this.renderer.domElement.getBoundingClientRect();
    return { x: rect.left + ((p.x + 1) / 2) * rect.width, y: rect.top + ((1 - p.y) / 2) * rect.height };
  }

  /** Lights the moving bodies `indices` (the selected agent's parts); none when empty. */
  select(indices: number[]): void {
    for (const mesh of this.selected) (mesh.material as THREE.MeshStandardMaterial).emissive.setHex(0x000000);
    this.selected = indices.map((i) => this.moving[i]).filter((m): m is THREE.Mesh => m instanceof THREE.Mesh);
    for (const mesh of this.selected) (mesh.material as THREE.MeshStandardMaterial).emissive.setHex(0x555555);
    if (!indices.length) this.showLines(new Float32Array(0));
  }

  /** Draws sensor lines: x0 y0 z0 x1 y1 z1 kind, seven values each (protocol SENSOR_LINE kinds). */
  showLines(values: Float32Array): void {
    if (this.lines) {
      this.world.remove(this.lines);
      this.lines.geometry.dispose();
      (this.lines.material as THREE.Material).dispose();
      this.lines = null;
    }
    const count = Math.floor(values.length / 7);
    if (!count) return;
    const positions = new Float32Array(count * 6);
    const colours = new Float32Array(count * 6);
    for (let i = 0; i < count; i++) {
      positions.set(values.subarray(7 * i, 7 * i + 6), 6 * i);
      const colour = new THREE.Color(LINE_COLOURS[values[7 * i + 6]] ?? 0xffffff);
      colours.set([colour.r, colour.g, colour.b, colour.r, colour.g, colour.b], 6 * i);
    }
    const geometry = new THREE.BufferGeometry();
    geometry.setAttribute('position', new THREE.BufferAttribute(positions, 3));
    geometry.setAttribute('color', new THREE.BufferAttribute(colours, 3));
    this.lines = new THREE.LineSegments(geometry, new THREE.LineBasicMaterial({ vertexColors: true }));
    this.world.add(this.lines);
  }

  /** Keeps the camera on a moving body: the view moves with it, keeping its angle and distance. */
  follow(index: number): void {
    const object = this.moving[index];
    if (!object) return;
    const shift = object.position.clone().sub(this.controls.target);
    this.controls.target.add(shift);
    this.camera.position.add(shift);
  }

  /** The ground directions (world x, z) of the screen's right and of "away from the camera", for driving. */
  groundAxes(): GroundAxes {
    const forward = this.controls.target.clone().sub(this.camera.position);
    forward.y = 0;
    if (forward.lengthSq() < 1e-9) forward.set(0, 0, -1); // looking straight down: the screen's up is -z
    forward.normalize();
    return { forward: [forward.x, forward.z], right: [-forward.z, forward.x] };
  }

  /** Places the moving bodies: x, y, z per body in `world.moving` order, x, y, z, w per body in `world.rotating` order. */
  place(positions: Float32Array, rotations: Float32Array): void {
    if (this.frameAgents) {
      this.frameAgents = false;
      this.frameOn(positions);
    }
    this.moving.forEach((object, i) => object.position.set(positions[3 * i], positions[3 * i + 1], positions[3 * i + 2]));
    if (rotations.length < 4 * this.rotating.length) return;
    this.rotating.forEach((object, i) => object.quaternion.set(rotations[4 * i], rotations[4 * i + 1], rotations[4 * i + 2], rotations[4 * i + 3]));
  }
}

function meshOf(body: BodyDesc): THREE.Mesh {
  const colour = body.role === 'agent' ? POPULATION_COLOURS[(body.population ?? 0) % POPULATION_COLOURS.length] : ROLE_COLOURS[body.role];
  const { shape } = body;
  const geometry =
    shape.kind === 'ball'
      ? new THREE.SphereGeometry(shape.radius, 24, 16)
      : shape.kind === 'cylinder'
        ? new THREE.CylinderGeometry(shape.radius, shape.radius, 2 * shape.halfHeight, 48)
        : new THREE.BoxGeometry(...(shape.halfExtents.map((h) => 2 * h) as [number, number, number]));
  return new THREE.Mesh(geometry, new THREE.MeshStandardMaterial({ color: colour, roughness: 0.7 }));
}
