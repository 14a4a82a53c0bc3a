import { contextBridge, ipcRenderer } from 'electron';
import type { ParascopeApi } from './parascope-api';

export type { ParascopeApi } from './parascope-api';

// Only these narrow functions cross the context bridge, never ipcRenderer itself,
// so page scripts cannot send arbitrary IPC messages.
const api: ParascopeApi = {
  version: () => ipcRenderer.invoke('parascope:version') as Promise<string>,
};

contextBridge.exposeInMainWorld('parascope', api);
