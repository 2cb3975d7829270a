/**
 * Loads one of the Rapier builds. They share one API, so the rest of coevo types
 * against `@dimforge/rapier3d-compat` and picks the build from config.
 */
import type RAPIER_TYPE from '@dimforge/rapier3d-compat';

export type Rapier = typeof RAPIER_TYPE;
export const RAPIER_BUILDS = ['compat', 'simd', 'deterministic'] as const;
export type RapierBuild = (typeof RAPIER_BUILDS)[number];

const loaded = new Map<RapierBuild, Promise<Rapier>>();

export function loadRapier(build: RapierBuild = 'compat'): Promise<Rapier> {
  let pending = loaded.get(build);
  if (!pending) {
    pending = importBuild(build).then(async (module) => {
      await module.init();
      return module;
    });
    loaded.set(build, pending);
  }
  return pending;
}

async function importBuild(build: RapierBuild): Promise<Rapier> {
  switch (build) {
    case 'compat':
      return (await import('@dimforge/rapier3d-compat')).default;
    case 'simd':
      return (await import('@dimforge/rapier3d-simd-compat')).default as unknown as Rapier;
    case 'deterministic':
      return (await import('@dimforge/rapier3d-deterministic-compat')).default as unknown as Rapier;
  }
}
