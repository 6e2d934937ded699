// dedupe.ts: cgols must not repeat what gopls already says. gopls does not
// analyse C, but it can surface cgo's own errors from `go list` (e.g.
// "could not determine kind of name for C.free", or clang's preamble errors)
// at the same line. A cgols diagnostic is hidden while another source
// reports the same C name, or the same compiler message, on its line.
// Pure (no vscode import), so it is tested with node's test runner.

export interface Diag {
  line: number;
  message: string;
  source?: string;
}

const cName = /\bC\.([A-Za-z_][A-Za-z0-9_]*)/;

function sameProblem(ours: Diag, theirs: Diag): boolean {
  if (theirs.line !== ours.line || theirs.source === 'cgols') {
    return false;
  }
  const a = cName.exec(ours.message);
  const b = cName.exec(theirs.message);
  if (a && b && a[1] === b[1] && /could not determine kind of name/.test(theirs.message)) {
    return true;
  }
  // A compiler message that go list passed through: the first words of
  // ours (Clang's text, before cgols's additions) appear in theirs. Ours may
  // lead with what to do ("Add #include <string.h>: call to ..."): Clang's
  // text then starts after that.
  const colon = ours.message.indexOf(': ');
  for (const text of [ours.message, colon > 0 ? ours.message.slice(colon + 2) : '']) {
    const head = text.split(/ \[-W| \(|\. clang 16/)[0].slice(0, 60);
    if (head.length >= 20 && theirs.message.includes(head)) {
      return true;
    }
  }
  return false;
}

/** The cgols diagnostics to show, given every other source's. */
export function dedupe<T extends Diag>(ours: T[], others: Diag[]): T[] {
  return ours.filter((d) => !others.some((o) => sameProblem(d, o)));
}
