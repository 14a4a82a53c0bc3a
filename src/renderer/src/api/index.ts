/**
 * The ParascopeApi the page uses: the preload's (window.parascope) in the desktop app, else the
 * HTTP one talking to `parascope serve`. Everything in the renderer goes through getApi().
 */
import type { ParascopeApi } from '@shared/api';
import { createHttpApi } from './http-api';

let api: ParascopeApi | undefined;

export function getApi(): ParascopeApi {
  api ??= window.parascope ?? createHttpApi();
  return api;
}
