/**
 * Keyset pages go forward only: the server hands out `next_cursor`. To also go
 * back, the list keeps the cursors of the pages it came through. The first
 * page has no cursor.
 */
export interface CursorStack {
  /** The cursors of the pages before the current one, first page (undefined) first. */
  readonly previous: readonly (string | undefined)[];
  /** The cursor the current page was fetched with (undefined: the first page). */
  readonly current: string | undefined;
}

export const FIRST_PAGE: CursorStack = { previous: [], current: undefined };

/** Moves to the page after the current one, whose cursor the server sent. */
export function pushCursor(stack: CursorStack, next: string): CursorStack {
  return { previous: [...stack.previous, stack.current], current: next };
}

/** Moves back one page; the first page stays where it is. */
export function popCursor(stack: CursorStack): CursorStack {
  if (stack.previous.length === 0) return stack;
  return { previous: stack.previous.slice(0, -1), current: stack.previous[stack.previous.length - 1] };
}

/** The current page's number, 1 for the first. */
export function pageNumber(stack: CursorStack): number {
  return stack.previous.length + 1;
}

export function hasPrevious(stack: CursorStack): boolean {
  return stack.previous.length > 0;
}
