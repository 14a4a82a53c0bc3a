import type { ParascopeApi } from '@shared/api';

declare global {
  interface Window {
    /** Exposed by the preload script; absent when the page is opened in a plain browser. */
    readonly parascope?: ParascopeApi;
  }
}
