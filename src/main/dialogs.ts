/** The native file dialogs, parented to the app window when there is one. */
import path from 'node:path';
import { app, dialog, type BrowserWindow, type FileFilter } from 'electron';

const TRACE_FILTERS: FileFilter[] = [
  { name: 'Traces (.json, .json.gz)', extensions: ['json', 'gz'] },
  { name: 'All files', extensions: ['*'] },
];

export async function chooseTraceToOpen(win: BrowserWindow | undefined): Promise<string | undefined> {
  const options = { title: 'Open trace', properties: ['openFile' as const], filters: TRACE_FILTERS };
  const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  return r.canceled ? undefined : r.filePaths[0];
}

const EXPERIMENT_FILTERS: FileFilter[] = [
  { name: 'Experiment files (.yaml, .yml, .json)', extensions: ['yaml', 'yml', 'json'] },
  { name: 'All files', extensions: ['*'] },
];

export async function chooseExperimentFile(win: BrowserWindow | undefined): Promise<string | undefined> {
  const options = { title: 'Open experiment file', properties: ['openFile' as const], filters: EXPERIMENT_FILTERS };
  const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  return r.canceled ? undefined : r.filePaths[0];
}

/** The filter for the name's extension(s): ".json.gz" counts as one, so the dialog keeps it whole. */
function filtersFor(name: string): FileFilter[] {
  const ext = /\.json\.gz$/i.test(name) ? 'json.gz' : path.extname(name).slice(1);
  return ext === ''
    ? []
    : [
        { name: ext.toUpperCase(), extensions: [ext] },
        { name: 'All files', extensions: ['*'] },
      ];
}

let lastDir: string | undefined;

export async function chooseSavePath(win: BrowserWindow | undefined, suggestedName: string): Promise<string | undefined> {
  const options = {
    title: 'Save',
    defaultPath: path.join(lastDir ?? app.getPath('documents'), suggestedName),
    filters: filtersFor(suggestedName),
  };
  const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
  if (r.canceled || r.filePath === undefined || r.filePath === '') return undefined;
  lastDir = path.dirname(r.filePath);
  return r.filePath;
}
