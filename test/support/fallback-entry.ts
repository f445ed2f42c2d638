/**
 * `node scripts/run.cjs test/support/fallback-entry.ts <outdir>`: synthesizes one stack whose
 * output has keys V8 would order differently from json-stable-stringify (integer-like ones), so
 * the bundle's stable-json hands it to the package itself (test/synth-bundle.test.ts).
 */
import '../../stacks/startup';
import { fallbackApp } from './fallback-stack';

fallbackApp(process.argv[2]).synth();
