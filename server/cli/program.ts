/** The `coevo` command line. Bad input exits with status 2 and a message naming the problem. */
import { Command, CommanderError } from 'commander';
import { evalCommand } from './eval.ts';
import { optimizeCommand } from './optimize.ts';
import { recordCommand } from './record.ts';
import { reportCommand } from './report.ts';
import { runCommand } from './run.ts';
import { tournamentCommand } from './tournament.ts';
import { workerCommand } from './worker.ts';
import { replayCommand, viewCommand } from './view.ts';
import { CoevoError } from '../errors.ts';

export function buildProgram(): Command {
  const program = new Command('coevo')
    .description('Multi-agent co-evolution on Rapier physics: evolve, evaluate and watch neural policies.')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ outputError: codedParserError });
  for (const command of [runCommand(), evalCommand(), recordCommand(), tournamentCommand(), workerCommand(), reportCommand(), viewCommand(), replayCommand(), optimizeCommand()])
    program.addCommand(command.exitOverride().configureOutput({ outputError: codedParserError }).showHelpAfterError('(run with --help for usage)'));
  return program;
}

/**
 * Commander's own errors (an unknown option, a value its parser refuses) in the form every other
 * bad flag takes, `coevo: MESSAGE [BAD_FLAG]` (docs/errors.md), so that scripts can match the code.
 * Its help hint, written through the same channel, passes unchanged.
 */
function codedParserError(text: string, write: (text: string) => void): void {
  const match = /^error: (.*?)\n?$/s.exec(text);
  write(match ? `coevo: ${match[1]} [BAD_FLAG]\n` : text);
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed its message already; help and version are not errors.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof CoevoError) {
      console.error(`coevo: ${error.message} [${error.code}]`);
      return error.exitCode;
    }
    console.error(error);
    return 1;
  }
}
