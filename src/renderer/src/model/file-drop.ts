/**
 * Drag and drop of trace files anywhere on the window. The browser's default for a dropped file
 * is to navigate to it, which would throw the app away; every dragover and drop is therefore
 * taken here, whatever its target.
 */
import { onBeforeUnmount, onMounted, shallowRef, type Ref } from 'vue';
import type { TraceFile } from '@shared/api';

function hasFiles(e: DragEvent): boolean {
  return e.dataTransfer !== null && Array.from(e.dataTransfer.types).includes('Files');
}

/** Reads dropped files into TraceFiles (name and bytes; a dropped file has no host path we may use). */
export async function readDroppedFiles(files: Iterable<File>): Promise<TraceFile[]> {
  return Promise.all(Array.from(files, async (f) => ({ name: f.name, bytes: await f.arrayBuffer() })));
}

/** Calls `onDrop` with the files dropped on the window; `dragging` is true while files hover it. */
export function useFileDrop(onDrop: (files: File[]) => void): { dragging: Ref<boolean> } {
  const dragging = shallowRef(false);
  // dragenter/dragleave fire for every child crossed: count them to know when the window is left.
  let depth = 0;

  const enter = (e: DragEvent): void => {
    if (!hasFiles(e)) return;
    depth++;
    dragging.value = true;
  };
  const leave = (): void => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) dragging.value = false;
  };
  const over = (e: DragEvent): void => {
    e.preventDefault();
    if (e.dataTransfer !== null) e.dataTransfer.dropEffect = hasFiles(e) ? 'copy' : 'none';
  };
  const drop = (e: DragEvent): void => {
    e.preventDefault();
    depth = 0;
    dragging.value = false;
    const files = e.dataTransfer?.files;
    if (files !== undefined && files.length > 0) onDrop(Array.from(files));
  };

  onMounted(() => {
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
  });
  onBeforeUnmount(() => {
    window.removeEventListener('dragenter', enter);
    window.removeEventListener('dragleave', leave);
    window.removeEventListener('dragover', over);
    window.removeEventListener('drop', drop);
  });
  return { dragging };
}
