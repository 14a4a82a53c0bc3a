/**
 * The application menu. Items that concern the document are sent to the page as MenuAction
 * (the page owns the document: it saves, exports and starts runs through ParascopeApi); Open and
 * Open Recent read the file here and send its bytes.
 */
import path from 'node:path';
import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { ExportFormat, MenuAction } from '../shared/api.js';
import { APP_EXPORT_FORMATS } from '../core/export/output-formats.js';

export interface MenuHandlers {
  /** Forwards an action to the page ('open-file' comes from open/openRecent, which read the file). */
  send(action: Exclude<MenuAction, { type: 'open-file' }>): void;
  /** File → Open…: the native dialog, then 'open-file'. */
  open(): void;
  openRecent(file: string): void;
  clearRecent(): void;
}

/** File → Export: the app's export formats (core/export/output-formats.ts), with the menu's own words. */
const EXPORTS: readonly { format: ExportFormat; label: string }[] = APP_EXPORT_FORMATS.map((f) => ({ format: f.id, label: f.app.menuLabel }));

export function buildMenu(recent: readonly string[], h: MenuHandlers, platform: NodeJS.Platform = process.platform): Menu {
  const mac = platform === 'darwin';
  const recentItems: MenuItemConstructorOptions[] =
    recent.length === 0
      ? [{ label: 'No Recent Files', enabled: false }]
      : recent.map((file) => ({ label: path.basename(file), sublabel: file, toolTip: file, click: () => h.openRecent(file) }));

  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: () => h.open() },
      {
        label: 'Open Recent',
        submenu: [...recentItems, { type: 'separator' }, { label: 'Clear Recent', enabled: recent.length > 0, click: () => h.clearRecent() }],
      },
      { type: 'separator' },
      { label: 'Save As…', accelerator: 'CmdOrCtrl+Shift+S', click: () => h.send({ type: 'save-as' }) },
      { label: 'Export', submenu: EXPORTS.map(({ format, label }) => ({ label, click: () => h.send({ type: 'export', format }) })) },
      { type: 'separator' },
      // CmdOrCtrl+R is View → Reload, so E (for Experiment).
      { label: 'Run Experiment…', accelerator: 'CmdOrCtrl+E', click: () => h.send({ type: 'run-experiment' }) },
      { label: 'Open Experiment File…', accelerator: 'CmdOrCtrl+Shift+E', click: () => h.send({ type: 'open-experiment-file' }) },
      ...(mac ? [] : [{ type: 'separator' } as const, { role: 'quit' } as const]),
    ],
  };

  const template: MenuItemConstructorOptions[] = [
    ...(mac ? [{ role: 'appMenu' } as const] : []),
    file,
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
  return Menu.buildFromTemplate(template);
}
