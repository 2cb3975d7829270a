/**
 * Keys added to the config after runs were first written, with the value that a run written
 * before them had in effect. A stored config.json (a run being resumed, evaluated or reported)
 * that lacks one of these keys gets that value, not today's default, so an old run continues
 * exactly as it started.
 */
const ADDED_KEYS: Record<string, unknown> = {
  'policy.training': 'tfjs',
  'evolution.algorithm': 'ga',
  'evolution.perturbations': 'stream',
  'worlds.forage.agentShapes': 'circles',
};

/** The stored config with every key it predates filled in with the value it ran with. */
export function withKeysItPredates(stored: Record<string, unknown>): Record<string, unknown> {
  const config = structuredClone(stored);
  for (const [key, former] of Object.entries(ADDED_KEYS)) {
    const path = key.split('.');
    const last = path.pop()!;
    let parent: Record<string, unknown> | null = config;
    for (const part of path) {
      parent[part] ??= {};
      const child: unknown = parent[part];
      // A section that is not an object is the schema's to reject, with its own message.
      parent = typeof child === 'object' && child !== null && !Array.isArray(child) ? (child as Record<string, unknown>) : null;
      if (!parent) break;
    }
    if (parent && !(last in parent)) parent[last] = former;
  }
  return config;
}
