import { isIgnoredFileName, naturalCompare } from './natural-sort.ts';

export interface PickedFile {
  file: File;
  /** Path inside the dropped or picked folder, or the file name. */
  name: string;
}

/** Files from an <input type="file"> (with `webkitdirectory`, they carry their relative path). */
export function filesFromInput(list: FileList | null): PickedFile[] {
  return sortPicked(
    [...(list ?? [])].map((file) => ({ file, name: file.webkitRelativePath || file.name })),
  );
}

/**
 * Files and folders dropped on a zone. Folders are walked (all levels); their files come in
 * natural order of their paths, so page images land in page order.
 */
export async function filesFromDrop(transfer: DataTransfer): Promise<PickedFile[]> {
  const entries = [...transfer.items]
    .map((item) => (item.kind === 'file' ? item.webkitGetAsEntry() : null))
    .filter((entry): entry is FileSystemEntry => entry !== null);
  if (entries.length === 0) {
    return filesFromInput(transfer.files);
  }
  const out: PickedFile[] = [];
  for (const entry of entries) {
    await walk(entry, out);
  }
  return sortPicked(out);
}

async function walk(entry: FileSystemEntry, out: PickedFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) =>
      (entry as FileSystemFileEntry).file(resolve, reject),
    );
    out.push({ file, name: entry.fullPath.replace(/^\//, '') || file.name });
    return;
  }
  if (entry.isDirectory) {
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    // readEntries answers in batches (100 in Chromium) until it returns an empty one.
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
        reader.readEntries(resolve, reject),
      );
      if (batch.length === 0) {
        break;
      }
      for (const child of batch) {
        await walk(child, out);
      }
    }
  }
}

function sortPicked(files: PickedFile[]): PickedFile[] {
  return files
    .filter((f) => !isIgnoredFileName(f.name))
    .sort((a, b) => naturalCompare(a.name, b.name));
}
