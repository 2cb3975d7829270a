/** Flag value parsers shared by the commands; each error names what was expected. */
import { InvalidArgumentError } from 'commander';
import { EXPERT_SOURCES } from '../config/schema.ts';

export function integer(value: string): number {
  if (!/^-?\d+$/.test(value.trim())) throw new InvalidArgumentError(`expected an integer, got "${value}"`);
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError(`"${value}" is out of range`);
  return n;
}

export function nonNegativeInteger(value: string): number {
  const n = integer(value);
  if (n < 0) throw new InvalidArgumentError(`expected 0 or a positive integer, got "${value}"`);
  return n;
}

export function portNumber(value: string): number {
  const n = integer(value);
  if (n < 0 || n > 65535) throw new InvalidArgumentError(`expected a port from 0 to 65535, got "${value}"`);
  return n;
}

export function positiveInteger(value: string): number {
  const n = integer(value);
  if (n < 1) throw new InvalidArgumentError(`expected a positive integer, got "${value}"`);
  return n;
}

export function positiveNumber(value: string): number {
  const n = Number(value.trim());
  if (!value.trim() || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a positive number, got "${value}"`);
  return n;
}

export function shareNumber(value: string): number {
  const n = Number(value.trim());
  if (!value.trim() || !Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError(`expected a share from 0 to 1, got "${value}"`);
  return n;
}

/** `--imitate scripted,elite,dataset:FILE`: expert names (equal weights) and the dataset file. */
export function imitateList(value: string): { experts: Record<string, number>; datasetFile?: string } {
  const experts: Record<string, number> = {};
  let datasetFile: string | undefined;
  for (const item of value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [name, ...rest] = item.split(':');
    if (!(EXPERT_SOURCES as readonly string[]).includes(name)) {
      throw new InvalidArgumentError(`unknown expert "${name}"; choose from ${EXPERT_SOURCES.join(', ')} (dataset as dataset:FILE)`);
    }
    if (name === 'dataset') {
      datasetFile = rest.join(':');
      if (!datasetFile) throw new InvalidArgumentError('dataset needs a file: dataset:FILE');
    } else if (rest.length) {
      throw new InvalidArgumentError(`"${item}": only dataset takes a value`);
    }
    experts[name] = 1;
  }
  if (!Object.keys(experts).length) throw new InvalidArgumentError('name at least one expert');
  return { experts, ...(datasetFile ? { datasetFile } : {}) };
}
