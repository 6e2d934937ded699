// health.ts: the "cgols: Workspace Health" tree view: the doctor's findings
// (the server's cgols/health answer) grouped by section, with a verdict icon
// each, an inline fix button, a refresh button, and the worst verdict for
// the status bar.
import * as vscode from 'vscode';

export interface HealthFix {
  title: string;
  /** A command for the user to run (put in a terminal, not run). */
  command?: string;
  /** A settings edit: the argument of the server's apply-edit command. */
  edit?: { label: string; edit: unknown };
}

export interface HealthFinding {
  code?: string;
  section: string;
  verdict: 'ok' | 'warning' | 'error';
  title: string;
  detail: string;
  docs?: string;
  fix?: HealthFix;
}

type Node = { kind: 'section'; name: string } | { kind: 'finding'; finding: HealthFinding };

const rank = { ok: 0, warning: 1, error: 2 } as const;

function icon(v: HealthFinding['verdict']): vscode.ThemeIcon {
  if (v === 'error') {
    return new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
  }
  if (v === 'warning') {
    return new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
  }
  return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
}

export class HealthView implements vscode.TreeDataProvider<Node> {
  private findings: HealthFinding[] = [];
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Called with the worst verdict whenever the findings change. */
  onWorst: (worst: HealthFinding['verdict'], problems: number) => void = () => {};

  update(findings: HealthFinding[]): void {
    this.findings = findings;
    this.changed.fire(undefined);
    const problems = findings.filter((f) => f.verdict !== 'ok').length;
    this.onWorst(this.worstOf(findings), problems);
  }

  private worstOf(fs: HealthFinding[]): HealthFinding['verdict'] {
    return fs.reduce<HealthFinding['verdict']>((w, f) => (rank[f.verdict] > rank[w] ? f.verdict : w), 'ok');
  }

  getChildren(node?: Node): Node[] {
    if (!node) {
      const sections: string[] = [];
      for (const f of this.findings) {
        if (!sections.includes(f.section)) {
          sections.push(f.section);
        }
      }
      return sections.map((name) => ({ kind: 'section', name }));
    }
    if (node.kind === 'section') {
      return this.findings
        .filter((f) => f.section === node.name)
        .map((finding) => ({ kind: 'finding', finding }));
    }
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'section') {
      const items = this.findings.filter((f) => f.section === node.name);
      const worst = this.worstOf(items);
      // Sections with a problem open; healthy ones show their verdict only.
      const item = new vscode.TreeItem(
        node.name,
        worst === 'ok' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded,
      );
      item.iconPath = icon(worst);
      item.contextValue = 'section';
      return item;
    }
    const f = node.finding;
    const item = new vscode.TreeItem(f.title, vscode.TreeItemCollapsibleState.None);
    item.iconPath = icon(f.verdict);
    item.description = f.code ?? '';
    const tip = new vscode.MarkdownString();
    tip.appendText(f.detail || f.title);
    if (f.fix) {
      tip.appendMarkdown(`\n\n**Fix:** ${f.fix.title}`);
      if (f.fix.command) {
        tip.appendCodeblock(f.fix.command, 'sh');
      }
    }
    if (f.docs) {
      tip.appendMarkdown(`\n\n[Documentation](${f.docs})`);
    }
    item.tooltip = tip;
    item.contextValue = f.fix ? 'fixable' : 'finding';
    return item;
  }
}

/** The finding a tree node stands for (commands get the node). */
export function findingOf(node: unknown): HealthFinding | undefined {
  const n = node as Node | undefined;
  return n && n.kind === 'finding' ? n.finding : undefined;
}
