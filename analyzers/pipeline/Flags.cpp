//===- Flags.cpp - The go command's verdict on #cgo flags -----------------===//
//
// cmd/go's checkFlags (security.go) over a target's #cgo flags, with the
// allowlist as data (FlagRules.inc) and CGO_<KIND>_ALLOW/_DISALLOW as Go
// regexps (RE2): a pipeline stage, run once per target before any compile;
// the flag-allowlist check reports its verdicts.
//
//===----------------------------------------------------------------------===//
#include "Flags.h"

#include "cgo/GoRegexp.h"
#include "core/FlagKinds.h"

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

bool takesNextArgument(const std::string &Flag, FlagKind K) {
  if (K == FlagKind::Compiler)
    return std::find(std::begin(CompilerNextArg), std::end(CompilerNextArg),
                     Flag) != std::end(CompilerNextArg);
  return std::find(std::begin(LinkerNextArg), std::end(LinkerNextArg), Flag) !=
         std::end(LinkerNextArg);
}

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
std::size_t longestArgument(const std::string &HostGOOS) {
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
} // namespace cgols
