// wgsl_reflect 1.6 declares "type": "module" but its "main" is CommonJS, which Node refuses to import
// as ESM; its "module" build is the ES module, so the profiler imports that file by path.
declare module 'wgsl_reflect/wgsl_reflect.module.js' {
  export * from 'wgsl_reflect';
}
