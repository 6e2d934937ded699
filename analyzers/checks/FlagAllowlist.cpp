//===- FlagAllowlist.cpp - #cgo flags the go command rejects -------------===//
//
// Check id: cgo-invalid-flag (and cgo-flag-ld-classic, cgo-flag-too-long).
// The verdicts are pipeline/Flags.h's; this check reports them.
//
// What: every flag of a package's #cgo CPPFLAGS, CFLAGS, CXXFLAGS, FFLAGS and
// LDFLAGS (for a target) must pass the go command's allowlist, or `go build`
// stops with "invalid flag in #cgo LDFLAGS: ...". CGO_<KIND>_ALLOW and
// CGO_<KIND>_DISALLOW from the environment apply as in cmd/go.
// Why: the error comes only at build time, and some advice on the web puts
// linker workarounds (-Wl,-ld_classic) where the go command refuses them.
// Example: // #cgo LDFLAGS: -Wl,-ld_classic
// Fix: remove the flag from the #cgo line and pass it through the
// environment (CGO_LDFLAGS) or go build -ldflags=-extldflags=...
//
//===----------------------------------------------------------------------===//
#include "Check.h"
#include "pipeline/Flags.h"

namespace cgols {

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
std::vector<CodeDoc> flagAllowlistCodes() {
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

void flagAllowlistRun(const CheckContext &C, std::vector<Diagnostic> &Out) {
  if (C.Flags) {
    checkFlagAllowlist(*C.V, *C.Flags, Out);
    checkFlagLength(*C.V, *C.Flags, C.O.HostGOOS, Out);
  }
}

} // namespace

const Check &flagAllowlistCheck() {
  static const Check TheCheck{"flag-allowlist", CheckScope::Target,
                              flagAllowlistCodes(), flagAllowlistRun};
  return TheCheck;
}

} // namespace cgols
