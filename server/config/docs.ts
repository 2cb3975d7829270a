/**
 * docs/config.md, generated from the schema: every key with its default, range and meaning (the
 * `doc` each key carries in schema.ts). `npm run docs:config` rewrites the file; a test fails
 * when it is stale.
 */
import { z } from 'zod';
import { configSchema, type KeyDoc } from './schema.ts';

interface JsonSchema extends Partial<KeyDoc> {
  type?: string;
  enum?: string[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  properties?: Record<string, JsonSchema>;
  anyOf?: JsonSchema[];
}

const HEAD = `# Configuration

<!-- Generated from server/config/schema.ts by \`npm run docs:config\`; edit the schema, not this file. -->

A run's configuration is one JSON object, validated by one schema (\`server/config/schema.ts\`).
\`coevo run --config FILE\` reads a file; flags override it (\`--scenario\`, \`--seed\`, \`--population\`,
\`--generations\`, \`--workers\`, \`--imitate\`); every key has a default, so \`{}\` (or no file) is a
valid config. The resolved config, every default filled in, is written to the run directory as
\`config.json\` and is what \`--resume\` continues with. An unknown key, a value out of range, or a
key set (away from its default) that does not apply to the chosen world, body or kind of run stops
the command with status 2 and the key's path (see [errors.md](errors.md)); a key left at its
default is never refused.
`;

const TAIL = `
## Populations

Where roles meet (sumo, pursuit), \`populations\` lists 1 to 16 populations, each
\`{ name, role, body, policy, evolution, imitation }\`: \`name\` (lower-case letters, digits and
dashes), the \`role\` it plays, its \`body\` (\`ball\` or \`crawler\`; populations of one role share
one), \`policy.hiddenSizes\` and \`policy.activation\`, and \`evolution\` and \`imitation\` objects
whose keys (any of the run's, \`evolution.islands\` included; not \`episodesPerGeneration\`)
override the run's \`evolution\` and \`imitation\` key by key. A population's \`imitation.experts\`
replaces the run's mix whole. A population that sets \`imitation.learnFraction\` above 0 with no
experts anywhere clones its role's scripted expert, as configs written before \`imitation.experts\`
applied to every world meant. See [coevolution.md](coevolution.md) and [imitation.md](imitation.md).

Example (\`examples/small.json\`):

\`\`\`json
{
  "seed": 7,
  "generations": 100,
  "evolution": { "populationSize": 32, "mutationStd": 0.08 },
  "worlds": { "forage": { "foodCount": 24 } }
}
\`\`\`
`;

export function configDocs(): string {
  const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const rows: string[][] = [];
  collect(schema, [], rows);
  const table = [['key', 'default', 'range', 'meaning'], ['---', '---', '---', '---'], ...rows].map((cells) => `| ${cells.join(' | ')} |`);
  return `${HEAD}\n${table.join('\n')}\n${TAIL}`;
}

function collect(node: JsonSchema, path: string[], rows: string[][]): void {
  if (node.doc !== undefined || !node.properties) {
    if (node.doc === undefined) throw new Error(`config docs: ${path.join('.')} has no doc in the schema`);
    rows.push([`\`${path.join('.')}\``, defaultText(node), rangeOf(node), node.doc]);
    return;
  }
  for (const [key, child] of Object.entries(node.properties)) collect(child, [...path, key], rows);
}

function defaultText(node: JsonSchema): string {
  return node.defaultText ?? `\`${JSON.stringify(node.default).replace(/,/g, ', ')}\``;
}

function rangeOf(node: JsonSchema): string {
  if (node.range) return node.range;
  const variants = node.anyOf ?? [node];
  const nullable = variants.some((v) => v.type === 'null');
  const text = variants
    .filter((v) => v.type !== 'null')
    .map((v) => {
      if (v.enum) return v.enum.map((e) => `\`${e}\``).join(', ');
      return numberRange(v);
    })
    .join('; ');
  return nullable ? `${text} or null` : text;
}

function numberRange(v: JsonSchema): string {
  const big = (n: number | undefined) => n === undefined || n >= Number.MAX_SAFE_INTEGER;
  const f = (n: number) => n.toLocaleString('en-US');
  if (v.exclusiveMinimum !== undefined) return big(v.maximum) ? `> ${f(v.exclusiveMinimum)}` : `> ${f(v.exclusiveMinimum)} … ${f(v.maximum!)}`;
  if (v.minimum === undefined) return '';
  return big(v.maximum) ? `≥ ${f(v.minimum)}` : `${f(v.minimum)} … ${f(v.maximum!)}`;
}
