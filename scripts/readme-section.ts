/**
 * Replaces the generated part of a documentation file (README.md or a page of docs/) between a start and an
 * end marker; the tests compare, the generating scripts rewrite.
 */
export function replaceSection(text: string, start: string, end: string, body: string): string {
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`no "${start}" ... "${end}" section`);
  return `${text.slice(0, from + start.length)}\n${body}\n${text.slice(to)}`;
}

/** The generated part between a start and an end marker, without the markers. */
export function sectionBody(text: string, start: string, end: string): string {
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`no "${start}" ... "${end}" section`);
  return text.slice(from + start.length, to).trim();
}
