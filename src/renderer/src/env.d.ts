import type { ParascopeApi } from '../../preload/parascope-api';

declare global {
  interface Window {
    /** Exposed by the preload script; absent when the page is opened in a plain browser. */
    readonly parascope?: ParascopeApi;
  }
}
