/**
 * Guards on every web contents the app ever creates — the main window, the hidden PDF window, and
 * anything a page might open — installed once on `web-contents-created` (Electron's security
 * checklist: "create a global guard", so a window added later cannot forget one). A page may not
 * navigate or be redirected away from the app's own page, attach a <webview>, or open a window.
 * Sessions get the same treatment: no permission is ever granted, or even reported as granted.
 */
import type { App, Event, Session, WebContents } from 'electron';

function guard(contents: WebContents, isAppPage: (url: string) => boolean): void {
  const refuse = (event: Event, url: string): void => {
    if (!isAppPage(url)) event.preventDefault();
  };
  contents.on('will-navigate', refuse);
  contents.on('will-redirect', refuse);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

export function guardAllWebContents(app: App, isAppPage: (url: string) => boolean): void {
  app.on('web-contents-created', (_event, contents) => guard(contents, isAppPage));
}

/** The page needs no camera, notifications, clipboard-read…: every request and every check says no. */
export function refusePermissions(session: Session): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
