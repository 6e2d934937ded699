//===- FlagAllowlist.cpp - cmd/go's check of #cgo flags -------------------===//
//
// cmd/go accepts a flag when a pattern matches it in full: Go's
// FindString(arg) == arg, a leftmost-first match from the start, with Go's
// regexp (RE2 syntax, linear time). GoRegexp is that test over RE2: a flag
// of 16 MB costs one linear scan, never a stack frame per character.
//
//===----------------------------------------------------------------------===//
#include "FlagAllowlist.h"

#include "core/FlagKinds.h"

#include "cgo/GoRegexp.h"

#include <algorithm>
#include <memory>
#include <mutex>

namespace cgols {
namespace {

struct Rule {
  const char *Pattern;
  int Since; ///< 0: always
  int Until; ///< 0: still
};

#include "FlagRules.inc"

bool applies(const Rule &R, int GoMinor) {
  int V = GoMinor == 0 ? 1000 : GoMinor; // unknown: the newest
  return (R.Since == 0 || V >= R.Since) && (R.Until == 0 || V <= R.Until);
}

using Patterns =
    std::vector<std::pair<std::unique_ptr<GoRegexp>, const Rule *>>;

struct Compiled {
  Patterns Compiler, Linker, Invalid;
};

void compileRules(const Rule *Begin, const Rule *End, Patterns &Out) {
  for (const Rule *R = Begin; R != End; ++R) {
    std::string Error;
    auto Re = GoRegexp::compile(R->Pattern, Error);
    // The table is the go command's; a pattern RE2 refused is a bug here.
    if (!Re)
      throw std::logic_error(std::string("FlagRules.inc: ") + R->Pattern +
                             ": " + Error);
    Out.push_back({std::move(Re), R});
  }
}

const Compiled &compiled() {
  static Compiled C;
  static std::once_flag Once;
  std::call_once(Once, [] {
    compileRules(std::begin(CompilerPatterns), std::end(CompilerPatterns),
                 C.Compiler);
    compileRules(std::begin(LinkerPatterns), std::end(LinkerPatterns),
                 C.Linker);
    compileRules(std::begin(InvalidLinkerPatterns),
                 std::end(InvalidLinkerPatterns), C.Invalid);
  });
  return C;
}

bool startsWith(const std::string &S, const char *P) {
  return S.rfind(P, 0) == 0;
}

} // namespace

bool isSafeArg(const std::string &S) {
  if (S.empty())
    return false;
  auto C = static_cast<unsigned char>(S[0]);
  return (C >= '0' && C <= '9') || (C >= 'A' && C <= 'Z') ||
         (C >= 'a' && C <= 'z') || C == '.' || C == '_' || C == '/' ||
         C >= 0x80;
}

std::vector<FlagProblem> checkFlagList(
    const std::vector<std::string> &List, FlagKind K, const std::string &Source,
    int GoMinor, const std::optional<std::string> &AllowText,
    const std::optional<std::string> &DisallowText, std::string *EnvError) {
  const Compiled &C = compiled();
  const auto &Valid = K == FlagKind::Compiler ? C.Compiler : C.Linker;
  std::vector<std::string> Next;
  if (K == FlagKind::Compiler)
    Next.assign(std::begin(CompilerNextArg), std::end(CompilerNextArg));
  else
    Next.assign(std::begin(LinkerNextArg), std::end(LinkerNextArg));
  // Source is "#cgo KIND": the variables are CGO_KIND_ALLOW and _DISALLOW.
  const std::string EnvName =
      "CGO_" + (Source.rfind("#cgo ", 0) == 0 ? Source.substr(5) : Source);
  // The go command: "parsing $CGO_CFLAGS_ALLOW: error parsing regexp: ...",
  // and it stops; cgols says so once and judges the flags without it.
  std::unique_ptr<GoRegexp> Allow, Disallow;
  auto Compile = [&](const std::optional<std::string> &T, const char *What,
                     std::unique_ptr<GoRegexp> &Out) {
    if (!T || T->empty())
      return;
    std::string Error;
    Out = GoRegexp::compile(*T, Error);
    if (!Out && EnvError && EnvError->empty())
      *EnvError = "parsing $" + EnvName + What + ": " + Error;
  };
  Compile(AllowText, "_ALLOW", Allow);
  Compile(DisallowText, "_DISALLOW", Disallow);
  bool NewRules = GoMinor == 0 || GoMinor >= 20;

  auto IsValid = [&](const std::string &A) {
    for (const auto &[Re, R] : Valid)
      if (applies(*R, GoMinor) && Re->matchesWhole(A))
        return true;
    return false;
  };
  auto IsInvalid = [&](const std::string &A) {
    if (K != FlagKind::Linker)
      return false;
    for (const auto &[Re, R] : C.Invalid)
      if (applies(*R, GoMinor) && Re->matchesWhole(A))
        return true;
    return false;
  };

  std::vector<FlagProblem> Out;
  for (std::size_t I = 0; I < List.size(); ++I) {
    const std::string &Arg = List[I];
    auto Bad = [&] {
      Out.push_back({I, false, "invalid flag in " + Source + ": " + Arg});
    };
    if (Disallow && Disallow->matchesWhole(Arg)) {
      Bad();
      continue;
    }
    if (Allow && Allow->matchesWhole(Arg))
      continue;
    if (IsInvalid(Arg)) {
      Bad();
      ++I; // -lto_library takes the next argument with it
      continue;
    }
    if (IsValid(Arg))
      continue;
    // Newer releases accept -Wl,--push-state,a,b when each -Wl,a is valid.
    if (NewRules && startsWith(Arg, "-Wl,--push-state,")) {
      bool Ok = true;
      std::size_t P = 4;
      while (Ok && P <= Arg.size()) {
        std::size_t Q = Arg.find(',', P);
        std::string A =
            "-Wl," + Arg.substr(P, Q == std::string::npos ? Q : Q - P);
        Ok = IsValid(A) && !IsInvalid(A);
        if (Q == std::string::npos)
          break;
        P = Q + 1;
      }
      if (Ok)
        continue;
      Bad();
      continue;
    }
    if (std::find(Next.begin(), Next.end(), Arg) != Next.end()) {
      if (I + 1 < List.size() && isSafeArg(List[I + 1])) {
        ++I;
        continue;
      }
      // -Wl,-framework -Wl,name
      if (I + 1 < List.size() && startsWith(Arg, "-Wl,") &&
          startsWith(List[I + 1], "-Wl,") && isSafeArg(List[I + 1].substr(4)) &&
          List[I + 1].find(',', 4) == std::string::npos) {
        ++I;
        continue;
      }
      // -I= /path, -I $SYSROOT
      if (I + 1 < List.size() && Arg == "-I" &&
          (startsWith(List[I + 1], "=") ||
           startsWith(List[I + 1], "$SYSROOT")) &&
          isSafeArg(List[I + 1].substr(1))) {
        ++I;
        continue;
      }
      if (I + 1 < List.size())
        Out.push_back({I, true,
                       "invalid flag in " + Source + ": " + Arg + " " +
                           List[I + 1] +
                           " (see https://golang.org/s/invalidflag)"});
      else
        Out.push_back({I, false,
                       "invalid flag in " + Source + ": " + Arg +
                           " without argument (see "
                           "https://golang.org/s/invalidflag)"});
      ++I; // go stops here; cgols goes on after the pair
      continue;
    }
    Bad();
  }
  return Out;
}

namespace {

// Why a rejected or suspicious flag is there, and where it belongs.
/// What to do about a rejected flag: the message's first words.
std::string action(const std::string &Arg, const std::string &Kind) {
  if (Arg == "-Wl,-ld_classic" || Arg == "-Wl,-no_warn_duplicate_libraries" ||
      Arg == "-w" || Arg == "-Wl,-w") {
    std::string Flag = Arg == "-w" ? std::string("-Wl,-w") : Arg;
    return "Pass " + Flag + " through CGO_LDFLAGS=" + Flag +
           " (or go build -ldflags=-extldflags=" + Flag +
           ") instead: the go command refuses it in #cgo lines";
  }
  if (Kind == "LDFLAGS" && (Arg == "-fobjc-arc" || Arg == "-fno-objc-arc"))
    return "Move " + Arg + " to #cgo CFLAGS: it is a compiler flag";
  return "Remove " + Arg + " or allow it with CGO_" + Kind + "_ALLOW";
}

void removalFix(const FlagArg &A, const std::string &Text, Diagnostic &D) {
  // Remove the argument and the white space before it.
  std::size_t B = A.Where.Begin;
  while (B > 0 && (Text[B - 1] == ' ' || Text[B - 1] == '\t'))
    --B;
  Fix F;
  F.Title = "Remove " + A.Value + " from the #cgo line";
  F.Edits.push_back({{A.File, B, A.Where.End}, ""});
  D.Fixes.push_back(std::move(F));
}

} // namespace

std::vector<std::string> FlagVerdicts::List::accepted() const {
  std::vector<std::string> Out;
  for (std::size_t I = 0; Flags && I < Flags->size(); ++I)
    if (!Rejected[I])
      Out.push_back((*Flags)[I].Value);
  return Out;
}

const FlagVerdicts::List &FlagVerdicts::of(const char *Kind) const {
  for (const List &L : Lists)
    if (std::string(L.Kind) == Kind)
      return L;
  return Lists[1];
}

/// The longest one program argument may be where go build runs: Linux's
/// MAX_ARG_STRLEN (32 pages with the NUL), macOS's ARG_MAX for all of them
/// together, Windows' command line. 0: no known limit.
static std::size_t longestArgument(const std::string &HostGOOS) {
  if (HostGOOS == "linux" || HostGOOS == "android")
    return 131071;
  if (HostGOOS == "darwin" || HostGOOS == "ios")
    return 1048575;
  if (HostGOOS == "windows")
    return 32766;
  return 0;
}

FlagVerdicts judgeFlags(const TargetView &V, const AnalysisOptions &O) {
  FlagVerdicts R;
  struct Kind {
    const char *Name;
    const std::vector<FlagArg> *List;
    FlagKind K;
  };
  for (std::size_t I = 0; I < CgoFlagKinds.size(); ++I) {
    const Kind K{CgoFlagKinds[I].Name, &V.Flags.ofKind(I),
                 CgoFlagKinds[I].Linker ? FlagKind::Linker
                                        : FlagKind::Compiler};
    FlagVerdicts::List &L = R.Lists[I];
    L.Kind = K.Name;
    L.Flags = K.List;
    L.Rejected.assign(K.List->size(), false);
    std::vector<std::string> Values;
    for (const FlagArg &A : *K.List)
      Values.push_back(A.Value);
    auto Env = [&](const char *Suffix) -> std::optional<std::string> {
      auto It = O.CgoFlagEnv.find(std::string("CGO_") + K.Name + Suffix);
      if (It == O.CgoFlagEnv.end())
        return std::nullopt;
      return It->second;
    };
    for (const FlagProblem &P : checkFlagList(
             Values, K.K, std::string("#cgo ") + K.Name, O.GoVer.Minor,
             Env("_ALLOW"), Env("_DISALLOW"), &L.EnvError)) {
      L.Rejected[P.Index] = true;
      if (P.WithNext && P.Index + 1 < L.Rejected.size())
        L.Rejected[P.Index + 1] = true;
      L.ProblemFlag.push_back(P.Index);
      L.ProblemWithNext.push_back(P.WithNext);
      L.ProblemText.push_back(P.Message);
    }
    // A flag go build cannot pass to cgo (cgo-flag-too-long) is never
    // compiled with either: left out, as a rejected one is (a 16 MB -D
    // would cost Clang seconds for nothing).
    if (std::size_t Max = longestArgument(O.HostGOOS))
      for (std::size_t I = 0; I < Values.size(); ++I)
        if (Values[I].size() > Max)
          L.Rejected[I] = true;
  }
  return R;
}

std::vector<std::string> compileOnlyFlags(const std::vector<std::string> &List,
                                          std::vector<std::string> &Rejected) {
  std::vector<bool> Drop(List.size());
  for (const FlagProblem &P :
       checkFlagList(List, FlagKind::Compiler, "", /*newest*/ 0, std::nullopt,
                     std::nullopt)) {
    Drop[P.Index] = true;
    if (P.WithNext && P.Index + 1 < Drop.size())
      Drop[P.Index + 1] = true;
  }
  for (std::size_t I = 0; I < List.size(); ++I)
    if (List[I] == "-fmodules" || List[I] == "-v")
      Drop[I] = true;
  std::vector<std::string> Out;
  for (std::size_t I = 0; I < List.size(); ++I)
    (Drop[I] ? Rejected : Out).push_back(List[I]);
  return Out;
}

/// A flag longer than the host lets one argument be: go build cannot even
/// start cgo ("fork/exec .../cgo: argument list too long").
static void checkFlagLength(const TargetView &V, const FlagVerdicts &FV,
                            const std::string &HostGOOS,
                            std::vector<Diagnostic> &Out) {
  std::size_t Max = longestArgument(HostGOOS);
  if (!Max)
    return;
  for (const FlagVerdicts::List &L : FV.Lists)
    for (const FlagArg &A : *L.Flags) {
      if (A.Value.size() <= Max)
        continue;
      Diagnostic D;
      D.Where = {A.File, A.Where.Begin, A.Where.End};
      D.Sev = Severity::Error;
      D.Code = "cgo-flag-too-long";
      D.Message = "Shorten this #cgo " + std::string(L.Kind) +
                  " flag (a long -D belongs in a header): at " +
                  std::to_string(A.Value.size()) +
                  " bytes it is longer than one program argument may be on " +
                  HostGOOS + " (" + std::to_string(Max) +
                  " bytes), so go build fails with \"fork/exec .../cgo: "
                  "argument list too long\"";
      D.Targets = {V.T.name()};
      Out.push_back(std::move(D));
    }
}

static void checkFlagAllowlist(const TargetView &V, const FlagVerdicts &FV,
                               std::vector<Diagnostic> &Out) {
  std::map<std::string, const SourceFile *> Files;
  for (const SourceFile *F : V.Files)
    Files[F->Path] = F;
  for (const FlagVerdicts::List &L : FV.Lists) {
    const std::vector<FlagArg> &List = *L.Flags;
    bool Linker = std::string(L.Kind) == "LDFLAGS";
    for (std::size_t PI = 0; PI < L.ProblemFlag.size(); ++PI) {
      std::size_t Index = L.ProblemFlag[PI];
      bool WithNext = L.ProblemWithNext[PI];
      const FlagArg &A = List[Index];
      Diagnostic D;
      D.Where = {A.File, A.Where.Begin, A.Where.End};
      if (WithNext && Index + 1 < List.size() && List[Index + 1].File == A.File)
        D.Where.End = List[Index + 1].Where.End;
      D.Sev = Severity::Error;
      D.Code = "cgo-invalid-flag";
      D.Message = action(A.Value, L.Kind) + ": " + L.ProblemText[PI];
      if (!WithNext) {
        D.RejectedFlag = A.Value;
        D.RejectedFlagKind = L.Kind;
      }
      D.Targets = {V.T.name()};
      auto F = Files.find(A.File);
      if (F != Files.end() && !WithNext)
        removalFix(A, F->second->Text, D);
      Out.push_back(std::move(D));
    }
    if (!L.EnvError.empty() && !List.empty()) {
      const FlagArg &A = List.front();
      Diagnostic D;
      D.Where = {A.File, A.Where.Begin, A.Where.End};
      D.Code = "cgo-invalid-flag";
      D.Message = std::string("Correct CGO_") + L.Kind +
                  "_ALLOW or _DISALLOW in the environment: the go command "
                  "will stop with: " +
                  L.EnvError;
      D.Targets = {V.T.name()};
      Out.push_back(std::move(D));
    }
    // -ld_classic passes the allowlist as -l d_classic, then fails to link.
    if (Linker)
      for (const FlagArg &A : List)
        if (A.Value == "-ld_classic") {
          Diagnostic D;
          D.Where = {A.File, A.Where.Begin, A.Where.End};
          D.Sev = Severity::Error;
          D.Code = "cgo-flag-ld-classic";
          D.Message =
              "Pass -Wl,-ld_classic through CGO_LDFLAGS (or go build "
              "-ldflags=-extldflags=-Wl,-ld_classic) instead: -ld_classic in "
              "#cgo LDFLAGS is read as the library 'd_classic' (-l "
              "d_classic), so the link fails with \"library not found for "
              "-ld_classic\"";
          D.Targets = {V.T.name()};
          auto F = Files.find(A.File);
          if (F != Files.end())
            removalFix(A, F->second->Text, D);
          Out.push_back(std::move(D));
        }
  }
}

namespace {
class FlagAllowlistCheck : public Check {
public:
  const char *name() const override { return "flag-allowlist"; }
  std::vector<CodeDoc> codes() const override {
    return {
        {"cgo-invalid-flag", "",
         R"md(**What.** A `#cgo` flag (CPPFLAGS, CFLAGS, CXXFLAGS, FFLAGS, LDFLAGS) or a `pkg-config --cflags`
flag that the go command's allowlist rejects, with its message (`invalid flag in #cgo LDFLAGS:
-Wl,--foo`, `... -framework without argument (see https://golang.org/s/invalidflag)`). The rules
follow the Go version in use (`go env GOVERSION`): Go 1.19's list, and the newer list (with
`-lto_library` refused, `-Wl,--push-state,...` and more `-Wl,-z` forms allowed) for later
releases. `CGO_<KIND>_ALLOW` and `CGO_<KIND>_DISALLOW` apply. Every bad flag is reported (the go
command stops at the first), and rejected flags are left out of the compile, as `go build` never
compiles with them.

**Special cases.** `-Wl,-ld_classic`, `-Wl,-no_warn_duplicate_libraries`, `-w`, `-Wl,-w` in
LDFLAGS: the message says to pass them through `CGO_LDFLAGS` or
`go build -ldflags=-extldflags=...`. `-fobjc-arc` in LDFLAGS: a compiler flag, for CFLAGS.

**Fix.** *Remove FLAG from the #cgo line*.)md"},
        {"cgo-flag-too-long", "",
         R"md(**What.** A `#cgo` flag longer than one program argument may be on the machine that runs
`go build`: 131,071 bytes on Linux (`MAX_ARG_STRLEN`), 1 MiB on macOS (`ARG_MAX`, for all
arguments together), 32,766 characters on Windows.

**Why.** The go command passes each flag to cgo as one argument, and the exec fails:
`fork/exec .../pkg/tool/linux_amd64/cgo: argument list too long` (seen with go 1.19 on Linux for
a 131,072-byte `-D`). With gcc, somewhat shorter flags fail too: gcc hands all its options to
`cc1` in one environment variable (`COLLECT_GCC_OPTIONS`) of the same limit.

**Example.** `// #cgo CFLAGS: -DTABLE=...` with a 200 KB table.

**Fix.** Put the text in a header (`#define TABLE ...`) or a `.c` file of the package.)md"},
        {"cgo-flag-ld-classic", "",
         R"md(**What.** `-ld_classic` in `#cgo LDFLAGS`. The allowlist accepts it as `-l d_classic`, and the
link fails: `library not found for -ld_classic` (macOS), `cannot find -ld_classic` (GNU ld).

**Fix.** Remove it; use `CGO_LDFLAGS=-Wl,-ld_classic` or `-ldflags=-extldflags=-Wl,-ld_classic`.)md"},
    };
  }
  CheckScope scope() const override { return CheckScope::Target; }
  void run(const CheckContext &C, std::vector<Diagnostic> &Out) const override {
    if (C.Flags) {
      checkFlagAllowlist(*C.V, *C.Flags, Out);
      checkFlagLength(*C.V, *C.Flags, C.O.HostGOOS, Out);
    }
  }
};
} // namespace

const Check &flagAllowlistCheck() {
  static const FlagAllowlistCheck TheCheck;
  return TheCheck;
}

} // namespace cgols
