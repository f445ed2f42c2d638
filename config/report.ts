/** Runs a command-line entry point: a refused environment prints its problems and exits 1, with no stack trace. */
import { AggregateEnvironmentError } from './load';
import { InvalidEnvironmentError } from './problems';

export function runCommand(main: () => void): void {
  try {
    main();
  } catch (e) {
    if (e instanceof AggregateEnvironmentError || e instanceof InvalidEnvironmentError) {
      process.stderr.write(`${e.message}\nNothing was written.\n`);
      process.exit(1);
    }
    throw e;
  }
}
