/**
 * Vite's `?raw` imports (a file's text as a string), used by tests to read trace fixtures without
 * Node's fs: the renderer's tsconfig has no Node types, on purpose.
 */
declare module '*?raw' {
  const text: string;
  export default text;
}
