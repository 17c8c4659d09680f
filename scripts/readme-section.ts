/** Replaces the generated part of README.md between a start and an end marker; the tests compare, `--write` rewrites. */
export function replaceSection(readme: string, start: string, end: string, body: string): string {
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md has no "${start}" ... "${end}" section`);
  return `${readme.slice(0, from + start.length)}\n${body}\n${readme.slice(to)}`;
}
