// The same program as raw-hazards.cjs, started from an ES module: `import … from 'webgpu'`.
import * as webgpu from 'webgpu';
import { createRequire } from 'node:module';

const { main } = createRequire(import.meta.url)('./raw-hazards.cjs');
await main(webgpu);
