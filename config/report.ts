/**
 * Runs a command-line entry point: a refused environment, or output that could not be written,
 * prints its message and exits 1, with no stack trace.
 */
import { AggregateEnvironmentError } from './load';
import { InvalidEnvironmentError } from './problems';
import { OutputError } from '../output/errors';

export function runCommand(main: () => void): void {
  try {
    main();
  } catch (e) {
    // OutputError: a filesystem failure while writing output, which output/ only ever replaces whole.
    if (e instanceof AggregateEnvironmentError || e instanceof InvalidEnvironmentError || e instanceof OutputError) {
      process.stderr.write(`${e.message}\nNothing was written.\n`);
      process.exit(1);
    }
    throw e;
  }
}
