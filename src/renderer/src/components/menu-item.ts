/** An entry of a DropdownMenu. */
export interface MenuItem<T extends string> {
  readonly key: T;
  readonly label: string;
  /** A second, quieter line (a recent file's full path). */
  readonly hint?: string;
  readonly disabled?: boolean;
}
