/**
 * What is open: the documents, which one is shown, and the last error. One instance per window,
 * created by App.vue, which hands the views what they need as props.
 *
 * Opening never closes anything: a file that fails to open leaves what was open as it was, and
 * the reason goes to `error` for the banner.
 */
import { computed, shallowRef, type ComputedRef, type Ref, type ShallowRef } from 'vue';
import type { TraceFile } from '@shared/api';
import { openDocument, type TraceDocument } from './document';
import { oneLineError } from './load-trace';

export interface Workspace {
  /** Open documents, oldest first. A shallow ref: the documents themselves are raw. */
  readonly documents: ShallowRef<readonly TraceDocument[]>;
  readonly activeId: Ref<string | undefined>;
  readonly active: ComputedRef<TraceDocument | undefined>;
  /** The one-line reason the last action failed; cleared by the next success or by dismiss. */
  readonly error: Ref<string | undefined>;
  /** Files being opened right now (for a busy indicator). */
  readonly opening: Ref<number>;
  /** Opens a file and makes it active; undefined (and `error` set) when it cannot be opened. */
  open(file: TraceFile): Promise<TraceDocument | undefined>;
  activate(id: string): void;
  close(id: string): void;
  /** Reports a failure of some action in one line. */
  fail(e: unknown, context?: string): void;
  dismissError(): void;
}

export function createWorkspace(open: (file: TraceFile) => Promise<TraceDocument> = openDocument): Workspace {
  const documents = shallowRef<readonly TraceDocument[]>([]);
  const activeId = shallowRef<string | undefined>(undefined);
  const error = shallowRef<string | undefined>(undefined);
  const opening = shallowRef(0);
  const active = computed(() => documents.value.find((d) => d.id === activeId.value));

  return {
    documents,
    activeId,
    active,
    error,
    opening,
    async open(file) {
      opening.value++;
      try {
        const doc = await open(file);
        documents.value = [...documents.value, doc];
        activeId.value = doc.id;
        error.value = undefined;
        return doc;
      } catch (e) {
        error.value = oneLineError(e, file.name);
        return undefined;
      } finally {
        opening.value--;
      }
    },
    activate(id) {
      if (documents.value.some((d) => d.id === id)) activeId.value = id;
    },
    close(id) {
      const i = documents.value.findIndex((d) => d.id === id);
      if (i < 0) return;
      const rest = documents.value.filter((d) => d.id !== id);
      documents.value = rest;
      if (activeId.value === id) activeId.value = (rest[i] ?? rest[i - 1])?.id;
    },
    fail(e, context) {
      const line = (e instanceof Error ? e.message : String(e)).replace(/\s*[\r\n]+\s*/g, ' ').trim();
      error.value = context === undefined ? line : `${context}: ${line}`;
    },
    dismissError() {
      error.value = undefined;
    },
  };
}
