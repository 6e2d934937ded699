//===- Settings.cpp - Checks and fixes for the editor's Go settings -------===//
#include "Settings.h"

#include "doctor/Doctor.h"
#include "jsonc/Jsonc.h"

#include <algorithm>
#include <map>
#include <set>

namespace cgols::settings {

namespace json = boost::json;
using jsonc::Member;
using jsonc::Node;

namespace {

bool endsWith(const std::string &S, const std::string &Suffix) {
  return S.size() >= Suffix.size() &&
         S.compare(S.size() - Suffix.size(), Suffix.size(), Suffix) == 0;
}

bool isWorkspaceFile(const std::string &Path) {
  return endsWith(Path, ".code-workspace");
}

/// The settings object's path in the file.
jsonc::Path base(const std::string &Path) {
  return isWorkspaceFile(Path) ? jsonc::Path{std::string("settings")}
                               : jsonc::Path{};
}

jsonc::Path join(jsonc::Path P, std::initializer_list<jsonc::Segment> More) {
  P.insert(P.end(), More.begin(), More.end());
  return P;
}

/// One edit from Old to New: the span between their common prefix and
/// suffix, so that several jsonc edits applied in turn become one LSP edit.
TextEdit diffEdit(const std::string &File, const std::string &Old,
                  const std::string &New) {
  std::size_t P = 0;
  while (P < Old.size() && P < New.size() && Old[P] == New[P])
    ++P;
  std::size_t S = 0;
  while (S < Old.size() - P && S < New.size() - P &&
         Old[Old.size() - 1 - S] == New[New.size() - 1 - S])
    ++S;
  return {{File, P, Old.size() - S}, New.substr(P, New.size() - S - P)};
}

/// Applies jsonc edits in turn; nullopt if one cannot be made.
class Editor {
public:
  explicit Editor(std::string Text) : Text(std::move(Text)) {}
  bool set(const jsonc::Path &P, const json::value &V) {
    auto E = jsonc::set(Text, P, V);
    if (E)
      Text = jsonc::applyEdit(Text, *E);
    return E.has_value();
  }
  bool remove(const jsonc::Path &P) {
    auto E = jsonc::remove(Text, P);
    if (E)
      Text = jsonc::applyEdit(Text, *E);
    return E.has_value();
  }
  std::string Text;
};

// gopls's command-line flags (golang/tools gopls/internal/cmd: Application,
// its embedded Serve, and tool.Profile). They work with or without the
// `serve` verb; Go's flag package takes -name and --name, and a value as
// -name=v or as the next argument.
const std::map<std::string, bool> &goplsFlags() { // name -> takes a value
  static const std::map<std::string, bool> Flags = {
      {"v", false},
      {"verbose", false},
      {"vv", false},
      {"veryverbose", false},
      {"rpc.trace", false},
      {"remote", true},
      {"ocagent", true},
      {"logfile", true},
      {"mode", true},
      {"listen", true},
      {"listen.timeout", true},
      {"debug", true},
      {"remote.listen.timeout", true},
      {"remote.debug", true},
      {"remote.logfile", true},
      {"mcp.listen", true},
      {"profile.cpu", true},
      {"profile.mem", true},
      {"profile.alloc", true},
      {"profile.trace", true},
      {"h", false},
      {"help", false},
  };
  return Flags;
}

Diagnostic make(const std::string &File, std::size_t B, std::size_t E,
                Severity S, const char *Code, std::string Msg) {
  Diagnostic D;
  D.Where = {File, B, E};
  D.Sev = S;
  D.Code = Code;
  D.Message = std::move(Msg);
  return D;
}

struct Checker {
  const Input &In;
  const jsonc::Path Base;
  std::vector<Diagnostic> Out;

  Fix fixFrom(std::string Title, const Editor &Ed) {
    Fix F;
    F.Title = std::move(Title);
    F.Edits.push_back(diffEdit(In.Path, In.Text, Ed.Text));
    F.Settings = true;
    return F;
  }

  void duplicates(const Node &Obj, const std::string &Where) {
    std::map<std::string, const Member *> Last;
    for (const Member &M : Obj.Members)
      Last[M.Key] = &M;
    for (const Member &M : Obj.Members)
      if (Last[M.Key] != &M)
        Out.push_back(make(In.Path, M.KeyBegin, M.KeyEnd, Severity::Warning,
                           "settings-duplicate-key",
                           "Remove this '" + M.Key + "' or the other one" +
                               Where +
                               ": VS Code reads only the last one, so this "
                               "value is ignored"));
  }

  /// Values of an environment object must be strings.
  void envValues(const Node &Env, const jsonc::Path &EnvPath,
                 const std::string &Name) {
    duplicates(Env, " in " + Name);
    for (const Member &M : Env.Members) {
      const Node &V = M.value();
      if (V.K == Node::Kind::String)
        continue;
      Diagnostic D =
          make(In.Path, V.Begin, V.End, Severity::Error, "settings-wrong-type",
               "Write this value as a string: " + Name +
                   " values must be strings, and a " +
                   (V.K == Node::Kind::Number ? "number"
                    : V.K == Node::Kind::Null ? "null"
                                              : "non-string") +
                   " does not set " + M.Key);
      if (V.K == Node::Kind::Number || V.K == Node::Kind::True ||
          V.K == Node::Kind::False) {
        Editor Ed(In.Text);
        std::string S = In.Text.substr(V.Begin, V.End - V.Begin);
        if (Ed.set(join(EnvPath, {M.Key}), json::string(S)))
          D.Fixes.push_back(fixFrom("Write \"" + S + "\"", Ed));
      }
      Out.push_back(std::move(D));
    }
  }

  void cgoDisabled(const Node &Env, const jsonc::Path &EnvPath,
                   const std::string &Name) {
    const Member *M = Env.member("CGO_ENABLED");
    if (!M || !In.WorkspaceHasCgo || M->value().K != Node::Kind::String ||
        M->value().Str != "0")
      return;
    Diagnostic D =
        make(In.Path, M->KeyBegin, M->value().End, Severity::Warning,
             "settings-cgo-disabled",
             "Remove CGO_ENABLED=0 from " + Name +
                 ": this workspace has cgo files, and with cgo off gopls "
                 "reports \"could not import C\" and the go tools skip them");
    Editor Ed(In.Text);
    if (Ed.remove(join(EnvPath, {std::string("CGO_ENABLED")})))
      D.Fixes.push_back(fixFrom("Remove CGO_ENABLED=0 from " + Name, Ed));
    Out.push_back(std::move(D));
  }

  void languageServerFlags(const Member &M) {
    const Node &A = M.value();
    if (A.K != Node::Kind::Array) {
      Out.push_back(make(In.Path, A.Begin, A.End, Severity::Error,
                         "settings-wrong-type",
                         "Make go.languageServerFlags a list of strings "
                         "(e.g. [\"-rpc.trace\"]): gopls gets no flags from "
                         "this value"));
      return;
    }
    bool TakesValue = false;
    for (std::size_t I = 0; I < A.Items.size(); ++I) {
      const Node &It = A.Items[I];
      if (It.K != Node::Kind::String) {
        Out.push_back(make(In.Path, It.Begin, It.End, Severity::Error,
                           "settings-wrong-type",
                           "Write this flag as a string: "
                           "go.languageServerFlags is a list of strings"));
        continue;
      }
      if (TakesValue) {
        TakesValue = false;
        continue;
      }
      const std::string &S = It.Str;
      if (S.size() < 2 || S[0] != '-')
        continue; // "serve", or a verb's argument
      std::string Name = S.substr(S[1] == '-' ? 2 : 1);
      std::size_t Eq = Name.find('=');
      bool HasValue = Eq != std::string::npos;
      Name = Name.substr(0, Eq);
      auto F = goplsFlags().find(Name);
      if (F != goplsFlags().end()) {
        TakesValue = F->second && !HasValue;
        continue;
      }
      Diagnostic D =
          make(In.Path, It.Begin, It.End, Severity::Error,
               "settings-unknown-gopls-flag",
               "Remove " + S +
                   ": gopls has no such flag; it exits with \"flag "
                   "provided but not defined: -" +
                   Name + "\" and the Go extension gets no language server");
      Editor Ed(In.Text);
      if (Ed.remove(join(Base, {std::string("go.languageServerFlags"), I})))
        D.Fixes.push_back(fixFrom("Remove " + S, Ed));
      Out.push_back(std::move(D));
    }
  }

  /// go.goplsArgs / go.goplsEnv: not settings; their values belong in Into.
  void misnamed(const Node &Root, const Member &M, const std::string &Into) {
    Diagnostic D =
        make(In.Path, M.KeyBegin, M.KeyEnd, Severity::Warning,
             "settings-not-a-setting",
             "Move this to " + Into + ": the Go extension has no setting " +
                 M.Key + ", so " +
                 (Into == "go.languageServerFlags"
                      ? "these flags never reach gopls"
                      : "these variables never reach gopls or the go "
                        "command"));
    Editor Ed(In.Text);
    const Node &V = M.value();
    const Member *Target = Root.member(Into);
    bool Ok = true;
    if (Into == "go.languageServerFlags" && V.K == Node::Kind::Array) {
      std::set<std::string> Have;
      if (Target && Target->value().K == Node::Kind::Array)
        for (const Node &I : Target->value().Items)
          Have.insert(I.Str);
      else if (Target)
        Ok = false;
      for (const Node &I : V.Items)
        if (I.K == Node::Kind::String && Have.insert(I.Str).second)
          Ok = Ok &&
               Ed.set(join(Base, {Into, jsonc::Append}), json::string(I.Str));
    } else if (Into == "go.toolsEnvVars" && V.K == Node::Kind::Object) {
      if (Target && Target->value().K != Node::Kind::Object)
        Ok = false;
      for (const Member &E : V.Members)
        if (!Target || !Target->value().member(E.Key))
          Ok = Ok && Ed.set(join(Base, {Into, E.Key}), E.value().toJSON());
    } else {
      Ok = false;
    }
    Ok = Ok && Ed.remove(join(Base, {M.Key}));
    if (Ok)
      D.Fixes.push_back(fixFrom("Move " + M.Key + " to " + Into, Ed));
    Out.push_back(std::move(D));
  }

  void run() {
    jsonc::Document Doc = jsonc::parse(In.Text);
    for (const jsonc::Problem &P : Doc.Problems)
      Out.push_back(make(In.Path, P.Begin, P.End, Severity::Error,
                         "settings-syntax",
                         "Fix the JSON here: " + P.Message +
                             ". VS Code may ignore these settings, and "
                             "cgols offers no edit to the file until then"));
    if (!Doc.Root)
      return;
    if (Doc.Root->K != Node::Kind::Object) {
      Out.push_back(make(In.Path, Doc.Root->Begin, Doc.Root->End,
                         Severity::Error, "settings-syntax",
                         "Make the settings a JSON object ({ ... }): VS Code "
                         "ignores anything else"));
      return;
    }
    const Node *Root = jsonc::find(*Doc.Root, Base);
    if (!Root || Root->K != Node::Kind::Object)
      return;
    duplicates(*Root, "");
    if (const Member *M = Root->member("go.goplsArgs"))
      misnamed(*Root, *M, "go.languageServerFlags");
    if (const Member *M = Root->member("go.goplsEnv"))
      misnamed(*Root, *M, "go.toolsEnvVars");
    if (const Member *M = Root->member("go.languageServerFlags"))
      languageServerFlags(*M);
    const Node *Tools = nullptr, *GoplsEnv = nullptr;
    if (const Member *M = Root->member("go.toolsEnvVars")) {
      if (M->value().K == Node::Kind::Object) {
        Tools = &M->value();
        envValues(*Tools, join(Base, {M->Key}), "go.toolsEnvVars");
        cgoDisabled(*Tools, join(Base, {M->Key}), "go.toolsEnvVars");
      } else {
        Out.push_back(make(In.Path, M->value().Begin, M->value().End,
                           Severity::Error, "settings-wrong-type",
                           "Make go.toolsEnvVars an object of strings (e.g. "
                           "{\"CGO_ENABLED\": \"1\"})"));
      }
    }
    if (const Member *G = Root->member("gopls");
        G && G->value().K == Node::Kind::Object) {
      duplicates(G->value(), " in gopls");
      if (const Member *M = G->value().member("build.env")) {
        jsonc::Path P = join(Base, {std::string("gopls"), M->Key});
        if (M->value().K == Node::Kind::Object) {
          GoplsEnv = &M->value();
          envValues(*GoplsEnv, P, "gopls build.env");
          cgoDisabled(*GoplsEnv, P, "gopls build.env");
        } else {
          Out.push_back(make(In.Path, M->value().Begin, M->value().End,
                             Severity::Error, "settings-wrong-type",
                             "Make gopls build.env an object of strings"));
        }
      }
    }
    if (Tools && GoplsEnv)
      for (const Member &M : GoplsEnv->Members) {
        const Member *T = Tools->member(M.Key);
        if (!T || T->value().K != Node::Kind::String ||
            M.value().K != Node::Kind::String ||
            T->value().Str == M.value().Str)
          continue;
        Diagnostic D = make(
            In.Path, M.value().Begin, M.value().End, Severity::Warning,
            "settings-env-mismatch",
            "Make " + M.Key +
                " the same in both places: go.toolsEnvVars "
                "sets it to \"" +
                T->value().Str + "\", gopls build.env to \"" + M.value().Str +
                "\", so gopls and the go command see different builds");
        Editor Ed(In.Text);
        if (Ed.set(join(Base, {std::string("gopls"), std::string("build.env"),
                               M.Key}),
                   json::string(T->value().Str)))
          D.Fixes.push_back(fixFrom(
              "Use go.toolsEnvVars's \"" + T->value().Str + "\" here", Ed));
        Out.push_back(std::move(D));
      }
  }
};

} // namespace

namespace {
constexpr const char *FolderSettings = "/.vscode/settings.json";
} // namespace

std::string folderSettingsFile(const std::string &Folder) {
  return Folder + FolderSettings;
}

bool isSettingsFile(const std::string &Path) {
  return endsWith(Path, FolderSettings) || isWorkspaceFile(Path);
}

std::vector<Diagnostic> check(const Input &In) {
  Checker C{In, base(In.Path), {}};
  C.run();
  return std::move(C.Out);
}

std::string exactFlagPattern(const std::string &Flag) {
  std::string Out;
  for (char C : Flag) {
    if (std::string_view("\\.+*?()|[]{}^$").find(C) != std::string_view::npos)
      Out += '\\';
    Out += C;
  }
  return Out;
}

std::optional<Fix> allowFlagFix(const std::string &SettingsPath,
                                const std::optional<std::string> &Text,
                                const std::string &Kind,
                                const std::string &Flag) {
  std::string Var = "CGO_" + Kind + "_ALLOW";
  std::string Old = Text.value_or("");
  jsonc::Document Doc = jsonc::parse(Old);
  if (!Doc.Problems.empty())
    return std::nullopt;
  jsonc::Path B = base(SettingsPath);
  Editor Ed(Old);
  for (jsonc::Path P :
       {join(B, {std::string("go.toolsEnvVars"), Var}),
        join(B, {std::string("gopls"), std::string("build.env"), Var})}) {
    std::string Pattern = exactFlagPattern(Flag);
    if (Doc.Root)
      if (const Node *N = jsonc::find(*Doc.Root, P);
          N && N->K == Node::Kind::String && !N->Str.empty()) {
        if (N->Str == Pattern)
          continue;
        // The go command matches the whole flag; anchored alternatives keep
        // each pattern whole.
        Pattern = "^(?:" + N->Str + ")$|^" + Pattern + "$";
      }
    if (!Ed.set(P, json::string(Pattern)))
      return std::nullopt;
  }
  if (Ed.Text == Old)
    return std::nullopt;
  Fix F;
  F.Title = "Allow " + Flag + " for this workspace (" + Var +
            " in .vscode/settings.json)";
  F.Settings = true;
  if (!Text)
    F.Creates.push_back(SettingsPath);
  F.Edits.push_back(diffEdit(SettingsPath, Old, Ed.Text));
  return F;
}

std::optional<Fix>
setValuesFix(const std::string &SettingsPath,
             const std::optional<std::string> &Text, const std::string &Title,
             const std::vector<std::pair<std::vector<std::string>, std::string>>
                 &Values) {
  std::string Old = Text.value_or("");
  Editor Ed(Old);
  for (const auto &[Keys, Value] : Values) {
    jsonc::Path P = base(SettingsPath);
    for (const std::string &K : Keys)
      P.push_back(K);
    if (!Ed.set(P, json::string(Value)))
      return std::nullopt;
  }
  if (Ed.Text == Old)
    return std::nullopt;
  Fix F;
  F.Title = Title;
  F.Settings = true;
  if (!Text)
    F.Creates.push_back(SettingsPath);
  F.Edits.push_back(diffEdit(SettingsPath, Old, Ed.Text));
  return F;
}

std::vector<CodeDoc> codeDocs() {
  return {
      {"settings-syntax", "",
       R"md(**What.** A syntax error in `.vscode/settings.json` or a `*.code-workspace` file (JSON with
comments and trailing commas), or settings that are not an object.

**Why.** VS Code ignores settings it cannot read, so `go.toolsEnvVars` and the gopls flags silently
stop applying. cgols never edits a file it could not read.

**Example.** `"go.toolsEnvVars": {"CGO_ENABLED": "1"` with no closing `}`.

**Fix.** As the message says, at the place it marks.)md"},
      {"settings-duplicate-key", "(warning)",
       R"md(**What.** The same key twice in the settings, in `go.toolsEnvVars`, `gopls` or `build.env`.

**Why.** VS Code uses the last one only; the first looks set but is not.

**Fix.** Keep one.)md"},
      {"settings-not-a-setting", "(warning)",
       R"md(**What.** `go.goplsArgs` or `go.goplsEnv`: often recommended on the web, but not settings of the
Go extension (golang/vscode-go `extension/package.json`).

**Why.** Their values never reach gopls: the flags meant for it are in `go.languageServerFlags`,
the environment of gopls and the go tools in `go.toolsEnvVars`.

**Example.** `"go.goplsArgs": ["-rpc.trace"]`

**Fix.** *Move go.goplsArgs to go.languageServerFlags* (merged with the flags already there), or
*Move go.goplsEnv to go.toolsEnvVars* (a variable already set there keeps its value).)md"},
      {"settings-unknown-gopls-flag", "",
       R"md(**What.** An entry of `go.languageServerFlags` that is not a gopls flag. The known flags are
gopls's own (golang/tools `gopls/internal/cmd`): `-v`, `-vv`, `-rpc.trace`, `-logfile`,
`-remote`, `-listen`, `-listen.timeout`, `-debug`, `-mode`, `-ocagent`, `-remote.debug`,
`-remote.logfile`, `-remote.listen.timeout`, `-mcp.listen`, `-profile.cpu|mem|alloc|trace`, written
with `-` or `--`, a value after `=` or as the next entry.

**Why.** gopls exits with `flag provided but not defined`, and the editor has no Go language
server. `--no-analyze` and `--skip-install-checks`, common in advice on the web, do not exist.

**Example.** `"go.languageServerFlags": ["-rpc.trace", "--no-analyze"]`

**Fix.** *Remove --no-analyze*.)md"},
      {"settings-wrong-type", "",
       R"md(**What.** `go.toolsEnvVars` or gopls `build.env` that is not an object of strings, or
`go.languageServerFlags` that is not a list of strings.

**Why.** An environment value must be a string: `"CGO_ENABLED": 1` does not set the variable.

**Example.** `"go.toolsEnvVars": {"CGO_ENABLED": 1}`

**Fix.** *Write "1"*.)md"},
      {"settings-cgo-disabled", "(warning)",
       R"md(**What.** `CGO_ENABLED` set to `0` in `go.toolsEnvVars` or gopls `build.env` in a workspace that
has Go files importing `"C"`.

**Why.** With cgo off, gopls reports `could not import C (no metadata for C)` on every cgo file
and the go tools skip them.

**Fix.** *Remove CGO_ENABLED=0* (cgo is on by default where a C compiler is found).)md"},
      {"settings-env-mismatch", "(warning)",
       R"md(**What.** A variable set to different values in `go.toolsEnvVars` and gopls `build.env`.

**Why.** The go command run by the editor's tools and the one gopls runs then build differently
(e.g. `GOARCH`, `CGO_ENABLED`, `CC`): diagnostics disagree with builds.

**Fix.** *Use go.toolsEnvVars's value here*.)md"},
  };
}

} // namespace cgols::settings
