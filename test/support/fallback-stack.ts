/** A stack that stacks/stable-json.ts cannot write itself: an output with integer-like keys. */
import { App, TerraformOutput, TerraformStack } from 'cdktf';

export function fallbackApp(outdir: string): App {
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'fallback');
  new TerraformOutput(stack, 'ordered', { value: { 10: 'ten', 9: 'nine', b: 'bee', a: {} } });
  return app;
}
