/**
 * The API the preload script exposes to the renderer as `window.parascope`.
 * This is the contract between the two processes; extend it here.
 * It has no imports so the renderer can type-check against it without Electron's or Node's types.
 */
export interface ParascopeApi {
  /** The application version (package.json "version"). */
  version(): Promise<string>;
}
