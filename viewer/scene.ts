/** The 3D arena: static bodies from the `world` message, moving ones placed by each frame. */
import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import type { BodyDesc, WorldMessage } from '../client-protocol/protocol.ts';
import type { GroundAxes } from './drive.ts';
import { EcologyView } from './ecology-view.ts';

export const POPULATION_COLOURS = [0xd08770, 0x81a1c1, 0xb48ead, 0xebcb8b];
export const ROLE_COLOURS = { ground: 0x2e3440, wall: 0x4c566a, food: 0xa3be8c, poison: 0xb48ead, ring: 0xd8dee9 } as const;

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
