/** `coevo report RUN_DIR... --out DIR`: a run's metrics as report.md and SVG charts, with its world's changes and the recovery from each. */
import { Command } from 'commander';
import { writeRunReport } from '../reports/run-report.ts';
import { nonNegativeInteger, positiveInteger } from './parse.ts';

interface ReportFlags {
  out: string;
  k: number;
  hold: number;
  expertEpisodes: number;
  fields?: string;
}

export function reportCommand(): Command {
  return new Command('report')
    .description("write report.md and SVG charts of runs' metrics, marking the schedule's changes and measuring the recovery from each (docs/adaptation.md)")
    .argument('<runDirs...>', 'run directories')
    .requiredOption('--out <dir>', 'where report.md and the charts go (created if absent)')
    .option('--k <n>', 'generations before a change whose mean is the pre-change level', positiveInteger, 5)
    .option('--hold <n>', 'generations (in the ecology, reports) a curve must stay back at a level for its recovery to count (1: the first one back)', positiveInteger, 1)
    .option('--expert-episodes <n>', 'episodes of the scripted expert in each world the run saw, for fitness relative to it (forage, locomotion; 0: none)', nonNegativeInteger, 8)
    .option('--fields <list>', 'metrics fields to chart with every run overlaid, comma-separated dotted paths (default: fitness, score and imitation loss, as present)')
    .action(async (runDirs: string[], flags: ReportFlags) => {
      const fields = flags.fields
        ?.split(',')
        .map((f) => f.trim())
        .filter(Boolean);
      const files = await writeRunReport({ runDirs, out: flags.out, k: flags.k, hold: flags.hold, expertEpisodes: flags.expertEpisodes, ...(fields ? { fields } : {}) });
      console.log(`wrote ${files.join(', ')}`);
    });
}
