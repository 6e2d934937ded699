//===- CgoLines.cpp - #cgo lines as a language ----------------------------===//
#include "CgoLines.h"

#include "cgo/GoFile.h"
#include "core/FlagKinds.h"
#include "gobuild/Target.h"
#include "pipeline/Flags.h"

#include <algorithm>
#include <cctype>

namespace cgols {

namespace {

bool isSpace(char C) { return C == ' ' || C == '\t' || C == '\r'; }

bool startsWith(const std::string &S, const std::string &P) {
  return S.compare(0, P.size(), P) == 0;
}

bool isFlagsVerb(const std::string &V) {
  return cgoFlagKindIndex(V).has_value();
}

} // namespace

std::optional<CgoLineAt> cgoLineAt(std::string_view GoText,
                                   std::size_t Offset) {
  if (Offset > GoText.size())
    return std::nullopt;
  go::GoFile F = go::parseGoFile("", GoText);
  if (!F.isCgo() || F.Preamble.empty())
    return std::nullopt;
  // The position is at the end of the word typed: the byte before it is in
  // the preamble when the position is (a line's end maps to nothing).
  std::optional<std::size_t> P = F.PreambleMap.toPreamble(Offset);
  if (!P && Offset > 0)
    if (auto Before = F.PreambleMap.toPreamble(Offset - 1))
      P = *Before + 1;
  if (!P)
    return std::nullopt;
  const std::string &Pre = F.Preamble;
  std::size_t LB = 0;
  if (*P > 0)
    if (std::size_t N = Pre.rfind('\n', *P - 1); N != std::string::npos)
      LB = N + 1;
  std::size_t LE = Pre.find('\n', LB);
  if (LE == std::string::npos)
    LE = Pre.size();
  if (*P > LE)
    return std::nullopt;
  std::size_t I = LB;
  while (I < LE && isSpace(Pre[I]))
    ++I;
  if (Pre.compare(I, 4, "#cgo") != 0 || (I + 4 < LE && !isSpace(Pre[I + 4])))
    return std::nullopt;
  std::size_t Body = I + 4;
  if (*P < Body)
    return std::nullopt;

  // The line's words with their preamble offsets.
  struct W {
    std::size_t B, E;
  };
  std::vector<W> Words;
  for (std::size_t J = Body; J < LE;) {
    while (J < LE && isSpace(Pre[J]))
      ++J;
    if (J >= LE)
      break;
    std::size_t B = J;
    while (J < LE && !isSpace(Pre[J]))
      ++J;
    Words.push_back({B, J});
  }
  std::size_t Colon = Pre.find(':', Body);
  if (Colon != std::string::npos && Colon >= LE)
    Colon = std::string::npos;

  CgoLineAt At;
  auto Text = [&](const W &X) { return Pre.substr(X.B, X.E - X.B); };
  // The word the position is in or right after; else an empty one there.
  std::size_t Idx = Words.size();
  for (std::size_t K = 0; K < Words.size(); ++K)
    if (Words[K].B <= *P && *P <= Words[K].E) {
      Idx = K;
      break;
    }
  std::size_t WB = *P, WE = *P;
  if (Idx < Words.size()) {
    WB = Words[Idx].B;
    WE = Words[Idx].E;
  }
  // A word that holds the colon (e.g. "LDFLAGS:-lm"): only the part on the
  // position's side of it.
  if (Colon != std::string::npos && WB <= Colon && Colon < WE) {
    if (*P > Colon)
      WB = Colon + 1;
    else
      WE = Colon;
  }
  At.Word = Pre.substr(WB, WE - WB);
  At.Prefix = Pre.substr(WB, *P - WB);
  auto [GB, GE] = F.PreambleMap.rangeToGo(WB, WE);
  At.Begin = GB;
  At.End = GE == GB && WE > WB ? GB + (WE - WB) : GE;
  if (WE == WB)
    At.Begin = At.End = Offset;

  std::vector<std::string> Before, After; // words around, same side
  for (std::size_t K = 0; K < Words.size(); ++K) {
    if (Words[K].E <= WB &&
        (Colon == std::string::npos || *P <= Colon || Words[K].B > Colon))
      Before.push_back(Text(Words[K]));
    if (Words[K].B >= WE)
      After.push_back(Text(Words[K]));
  }
  if (!Before.empty())
    At.Previous = Before.back();
  if (!After.empty())
    At.Next = After.front();

  std::string First = Words.empty() ? "" : Text(Words[0]);
  if (Colon == std::string::npos &&
      (First == "noescape" || First == "nocallback")) {
    if (Idx == 0 && *P <= Words[0].E) {
      At.S = CgoLineAt::Slot::Head;
      return At;
    }
    At.S = CgoLineAt::Slot::Function;
    At.Verb = First;
    return At;
  }
  if (Colon == std::string::npos || *P <= Colon) {
    At.S = CgoLineAt::Slot::Head;
    return At;
  }
  // The verb: the last word before the colon.
  std::size_t VE = Colon;
  while (VE > Body && isSpace(Pre[VE - 1]))
    --VE;
  std::size_t VB = VE;
  while (VB > Body && !isSpace(Pre[VB - 1]))
    --VB;
  At.Verb = Pre.substr(VB, VE - VB);
  if (At.Verb == "pkg-config") {
    At.S = CgoLineAt::Slot::Package;
    return At;
  }
  if (!isFlagsVerb(At.Verb))
    return std::nullopt;
  if (At.Previous == "-framework")
    At.S = CgoLineAt::Slot::Framework;
  else if (At.Verb == "LDFLAGS" && startsWith(At.Prefix, "-l"))
    At.S = CgoLineAt::Slot::Library;
  else
    At.S = CgoLineAt::Slot::Flag;
  return At;
}

const std::vector<CgoFlagDoc> &cgoFlagDocs() {
  // Each sample is what the allowlist is asked: a flag is offered for a
  // verb only when the installed go command accepts its sample there.
  static const std::vector<CgoFlagDoc> Docs = {
      {"-I", true, false, "-Iinclude",
       "Adds a directory to the header search path (relative ones are made "
       "absolute, ${SRCDIR} is the package's)."},
      {"-D", true, false, "-DNAME=1",
       "Defines a macro for the preamble and the package's C files."},
      {"-U", true, false, "-UNAME", "Undefines a macro."},
      {"-F", true, true, "-F/Library/Frameworks",
       "Adds a directory to the framework search path (macOS)."},
      {"-framework", true, true, "-framework Foundation",
       "Links an Apple framework (and finds its headers): -framework Cocoa."},
      {"-x", true, false, "-x objective-c",
       "Sets the language of the preamble: -x objective-c for Objective-C."},
      {"-std=", true, false, "-std=c11",
       "Chooses the C standard: -std=c99, -std=c11, -std=gnu11."},
      {"-O", true, true, "-O2", "The optimization level: -O0 ... -O3, -Os."},
      {"-g", true, true, "-g", "Emits debug information."},
      {"-W", true, false, "-Wall",
       "Turns a warning on (-Wall, -Wextra) or off (-Wno-...)."},
      {"-Werror", true, false, "-Werror", "Makes warnings errors."},
      {"-Wno-error=", true, false, "-Wno-error=int-conversion",
       "Keeps one warning from being an error (-Wno-error=int-conversion)."},
      {"-fobjc-arc", true, false, "-fobjc-arc",
       "Objective-C automatic reference counting (a compiler flag, not a "
       "linker flag)."},
      {"-fno-objc-arc", true, false, "-fno-objc-arc",
       "Objective-C without automatic reference counting."},
      {"-fmodules", true, false, "-fmodules", "Clang modules (@import)."},
      {"-fPIC", true, true, "-fPIC", "Position-independent code."},
      {"-fno-common", true, false, "-fno-common",
       "Tentative definitions as definitions (duplicate globals fail to "
       "link)."},
      {"-fvisibility=", true, false, "-fvisibility=hidden",
       "The default symbol visibility: -fvisibility=hidden."},
      {"-fsanitize=", true, true, "-fsanitize=address",
       "A sanitizer: -fsanitize=address, undefined."},
      {"-fopenmp", true, true, "-fopenmp", "OpenMP."},
      {"-march=", true, false, "-march=native",
       "The target CPU's instruction set: -march=native, -march=armv8-a."},
      {"-mmacosx-version-min=", true, true, "-mmacosx-version-min=11.0",
       "The oldest macOS the code runs on (clang warns when the SDK's "
       "declarations are newer)."},
      {"-pthread", true, true, "-pthread", "POSIX threads."},
      {"-include", true, false, "-include config.h",
       "Includes a header before the preamble."},
      {"-isysroot", true, true, "-isysroot /sdk",
       "The SDK or sysroot to compile and link against."},
      {"-l", false, true, "-lm",
       "Links a library: -lz finds libz.dylib/.tbd/.so/.a in the library "
       "search path."},
      {"-L", false, true, "-L/usr/local/lib",
       "Adds a directory to the library search path (relative ones are made "
       "absolute)."},
      {"-Wl,-rpath,", false, true, "-Wl,-rpath,/usr/local/lib",
       "Adds a run-time library search path to the binary."},
      {"-Wl,--as-needed", false, true, "-Wl,--as-needed",
       "Links the libraries after it only if something uses them (GNU ld)."},
      {"-Wl,-Bstatic", false, true, "-Wl,-Bstatic",
       "Links the libraries after it statically (GNU ld)."},
      {"-Wl,-Bdynamic", false, true, "-Wl,-Bdynamic",
       "Links the libraries after it dynamically (GNU ld)."},
      {"-Wl,--push-state", false, true, "-Wl,--push-state",
       "Saves the linker's options (GNU ld), restored by -Wl,--pop-state: "
       "-Wl,--push-state,--as-needed -lfoo -Wl,--pop-state."},
      {"-Wl,--start-group", false, true, "-Wl,--start-group",
       "Begins a group of archives searched repeatedly (GNU ld)."},
      {"-Wl,--end-group", false, true, "-Wl,--end-group",
       "Ends a group of archives (GNU ld)."},
      {"-Wl,-undefined,dynamic_lookup", false, true,
       "-Wl,-undefined,dynamic_lookup",
       "Leaves undefined symbols for the loader (macOS plugins)."},
      {"-Wl,-headerpad_max_install_names", false, true,
       "-Wl,-headerpad_max_install_names",
       "Room to rewrite install names later (macOS)."},
      {"-rdynamic", false, true, "-rdynamic",
       "Exports every symbol to the dynamic symbol table."},
      {"-static", false, true, "-static", "Links statically."},
      {"-shared", false, true, "-shared", "Makes a shared library."},
      {"-stdlib=", true, true, "-stdlib=libc++",
       "The C++ standard library: -stdlib=libc++."},
  };
  return Docs;
}

const CgoFlagDoc *cgoFlagDocFor(const std::string &Word) {
  const CgoFlagDoc *Best = nullptr;
  for (const CgoFlagDoc &D : cgoFlagDocs()) {
    std::string F = D.Flag;
    bool Match =
        Word == F || (startsWith(Word, F) &&
                      (F.back() == '=' || F.back() == ',' || F.size() <= 2));
    if (Match && (!Best || F.size() > std::string(Best->Flag).size()))
      Best = &D;
  }
  return Best;
}

namespace {

/// The sample's words.
std::vector<std::string> sampleWords(const char *Sample) {
  std::vector<std::string> Out;
  std::string S = Sample;
  std::size_t P = 0;
  while (P < S.size()) {
    std::size_t Q = S.find(' ', P);
    Out.push_back(S.substr(P, Q == std::string::npos ? Q : Q - P));
    if (Q == std::string::npos)
      break;
    P = Q + 1;
  }
  return Out;
}

std::optional<std::string> env(const CgoLineSources &S,
                               const std::string &Name) {
  auto It = S.CgoFlagEnv.find(Name);
  if (It == S.CgoFlagEnv.end())
    return std::nullopt;
  return It->second;
}

/// The go command's problems with Words in a #cgo Verb line.
std::vector<FlagProblem> judge(const std::vector<std::string> &Words,
                               const std::string &Verb,
                               const CgoLineSources &S) {
  return checkFlagList(
      Words, Verb == "LDFLAGS" ? FlagKind::Linker : FlagKind::Compiler,
      "#cgo " + Verb, S.GoVer.Minor, env(S, "CGO_" + Verb + "_ALLOW"),
      env(S, "CGO_" + Verb + "_DISALLOW"));
}

const char *const Verbs[] = {"CFLAGS", "CPPFLAGS", "CXXFLAGS",
                             "FFLAGS", "LDFLAGS",  "pkg-config"};

std::string verbDoc(const std::string &V) {
  if (V == "CFLAGS")
    return "Flags for the C compiler (the preamble and the package's .c and "
           ".m files).";
  if (V == "CPPFLAGS")
    return "Preprocessor flags for C, C++ and Objective-C.";
  if (V == "CXXFLAGS")
    return "Flags for the C++ compiler (the package's .cc/.cpp files).";
  if (V == "FFLAGS")
    return "Flags for the Fortran compiler.";
  if (V == "LDFLAGS")
    return "Flags for the linker: the program gets every package's LDFLAGS.";
  if (V == "pkg-config")
    return "Packages whose `pkg-config --cflags` and `--libs` the go "
           "command adds.";
  if (V == "noescape")
    return "Go 1.24: the C function keeps no Go pointer it is given; "
           "arguments need not escape to the heap. The function must be "
           "one the package's Go code calls (cmd/cgo: \"no matched C "
           "function\").";
  if (V == "nocallback")
    return "Go 1.24: the C function never calls back into Go (the runtime "
           "crashes if it does). The function must be one the package's Go "
           "code calls.";
  return "";
}

} // namespace

std::vector<CgoLineCandidate> cgoLineCandidates(const CgoLineAt &At,
                                                const CgoLineSources &S) {
  std::vector<CgoLineCandidate> Out;
  auto Add = [&](CgoLineCandidate C) {
    if (startsWith(C.Insert, At.Prefix))
      Out.push_back(std::move(C));
  };
  switch (At.S) {
  case CgoLineAt::Slot::Head: {
    std::vector<std::string> Vs(std::begin(Verbs), std::end(Verbs));
    if (S.GoVer.atLeast(22)) {
      Vs.push_back("noescape");
      Vs.push_back("nocallback");
    }
    for (const std::string &V : Vs) {
      bool Fn = V == "noescape" || V == "nocallback";
      Add({V, Fn ? V + " " : V + ":", "#cgo verb", verbDoc(V),
           CgoLineCandidate::Kind::Keyword});
    }
    bool Not = startsWith(At.Prefix, "!");
    auto Cond = [&](const std::string &N, const char *What) {
      std::string Ins = (Not ? "!" : "") + N;
      Add({Ins, Ins, What, "", CgoLineCandidate::Kind::Value});
    };
    for (const std::string &O : knownGOOSList())
      Cond(O, "GOOS");
    for (const std::string &A : knownGOARCHList())
      Cond(A, "GOARCH");
    Cond("cgo", "build tag");
    Cond("unix", "build tag (every Unix GOOS)");
    for (const std::string &T : S.Tags)
      Cond(T, "a build tag of this package");
    break;
  }
  case CgoLineAt::Slot::Flag:
    for (const CgoFlagDoc &D : cgoFlagDocs()) {
      bool Linker = At.Verb == "LDFLAGS";
      if ((Linker && !D.Linker) || (!Linker && !D.Compiler))
        continue;
      if (!judge(sampleWords(D.Sample), At.Verb, S).empty())
        continue; // the installed go command rejects it here
      std::string F = D.Flag;
      bool Arg =
          F == "-framework" || F == "-x" || F == "-include" || F == "-isysroot";
      Add({F, Arg ? F + " " : F, D.Sample, D.Doc,
           CgoLineCandidate::Kind::Flag});
    }
    break;
  case CgoLineAt::Slot::Framework: {
    std::map<std::string, std::vector<std::string>> Where;
    for (const auto &T : S.Libraries)
      for (const std::string &Fw : T.Frameworks)
        Where[Fw].push_back(T.Target);
    for (const auto &[Fw, Ts] : Where) {
      std::string On;
      for (const std::string &T : Ts)
        On += (On.empty() ? "" : ", ") + T;
      Add({Fw, Fw, "framework (" + On + ")", "",
           CgoLineCandidate::Kind::Module});
    }
    break;
  }
  case CgoLineAt::Slot::Library: {
    std::map<std::string, std::string> Seen; // name -> file (first target)
    for (const auto &T : S.Libraries)
      for (const auto &[N, File] : T.Libraries)
        Seen.emplace(N, T.Target + ": " + File);
    for (const auto &[N, Where] : Seen)
      Add({"-l" + N, "-l" + N, Where, "", CgoLineCandidate::Kind::Module});
    break;
  }
  case CgoLineAt::Slot::Package:
    for (const auto &[N, Desc] : S.PkgConfigPackages)
      Add({N, N, "pkg-config package", Desc, CgoLineCandidate::Kind::Module});
    break;
  case CgoLineAt::Slot::Function:
    for (const auto &[N, Decl] : S.Functions)
      Add({N, N, Decl, "", CgoLineCandidate::Kind::Function});
    break;
  }
  std::stable_sort(Out.begin(), Out.end(),
                   [](const CgoLineCandidate &A, const CgoLineCandidate &B) {
                     return A.Label < B.Label;
                   });
  Out.erase(
      std::unique(Out.begin(), Out.end(),
                  [](const CgoLineCandidate &A, const CgoLineCandidate &B) {
                    return A.Label == B.Label;
                  }),
      Out.end());
  return Out;
}

namespace {

std::string goName(const CgoLineSources &S) {
  return S.GoVersionText.empty() ? std::string("the installed go command")
                                 : "the installed go (" + S.GoVersionText + ")";
}

/// Where a library or framework resolves, per target, and how much of the
/// package it serves.
std::string resolvedOn(const CgoLineSources &S, const std::string &Flag,
                       const std::string &Name, bool Framework) {
  std::string Md;
  for (const auto &T : S.Libraries) {
    std::string File;
    if (Framework) {
      if (auto It = T.FrameworkFiles.find(Name); It != T.FrameworkFiles.end())
        File = It->second;
    } else {
      for (const auto &[N, F] : T.Libraries)
        if (N == Name)
          File = F;
    }
    Md += "\n- **" + T.Target + "**: ";
    if (File.empty()) {
      Md += "not found: the link fails (`" +
            std::string(Framework ? "framework '" + Name + "' not found"
                                  : "library not found for " + Flag) +
            "`)";
      continue;
    }
    Md += "`" + File + "`";
    auto U = T.SymbolsUsed.find(Flag);
    unsigned N = U == T.SymbolsUsed.end() ? 0 : U->second;
    Md += N == 0 ? ", no symbol of the package's C code comes from it"
                 : ", " + std::to_string(N) + " symbol" + (N == 1 ? "" : "s") +
                       " of the package's C code come" + (N == 1 ? "s" : "") +
                       " from it";
  }
  if (Md.empty())
    return "\n\nNo target of this workspace has a library index to resolve "
           "it (no SDK or sysroot).";
  return "\n\nResolves to:" + Md;
}

} // namespace

std::string cgoLineHover(const CgoLineAt &At, const CgoLineSources &S,
                         const PkgConfigFacts *Package) {
  if (At.Word.find("${SRCDIR}") != std::string::npos)
    return "`${SRCDIR}` is the package's directory: `" + S.PackageDir +
           "` (the go command replaces it before checking the flag).";
  switch (At.S) {
  case CgoLineAt::Slot::Head: {
    std::string D = verbDoc(At.Word);
    if (!D.empty())
      return "`#cgo " + At.Word + "`: " + D;
    std::string W = At.Word[0] == '!' ? At.Word.substr(1) : At.Word;
    if (isKnownGOOS(W))
      return "`" + At.Word + "`: the line applies when GOOS is " +
             (At.Word[0] == '!' ? "not " : "") + W + ".";
    if (isKnownGOARCH(W))
      return "`" + At.Word + "`: the line applies when GOARCH is " +
             (At.Word[0] == '!' ? "not " : "") + W + ".";
    return "";
  }
  case CgoLineAt::Slot::Function:
    return "`#cgo " + At.Verb + " " + At.Word + "`: " + verbDoc(At.Verb);
  case CgoLineAt::Slot::Package: {
    std::string Md = "pkg-config package `" + At.Word + "`";
    if (!Package || !Package->Error.empty())
      return Md + ": " +
             (Package ? Package->Error : std::string("pkg-config not asked"));
    return Md + " " + Package->Version + "\n\n- `--cflags`: `" +
           Package->CFlags + "`\n- `--libs`: `" + Package->Libs + "`";
  }
  case CgoLineAt::Slot::Framework:
    return "Framework `" + At.Word + "`" +
           resolvedOn(S, "-framework " + At.Word, At.Word, true);
  case CgoLineAt::Slot::Library:
  case CgoLineAt::Slot::Flag:
    break;
  }
  // A flag: the go command's verdict, what it does, where it resolves.
  std::vector<std::string> Words = {At.Word};
  FlagKind K = At.Verb == "LDFLAGS" ? FlagKind::Linker : FlagKind::Compiler;
  if (takesNextArgument(At.Word, K) && !At.Next.empty())
    Words.push_back(At.Next);
  std::vector<FlagProblem> Ps = judge(Words, At.Verb, S);
  std::string Shown = Words.size() == 2 ? Words[0] + " " + Words[1] : Words[0];
  std::string Md = "`" + Shown + "` in `#cgo " + At.Verb + "`: ";
  if (Ps.empty())
    Md += "**accepted** by " + goName(S) +
          " (its allowlist of #cgo flags, cmd/go/internal/work/security.go).";
  else
    Md += "**rejected** by " + goName(S) + ": `" + Ps.front().Message +
          "`. Flags outside the allowlist go in the environment instead "
          "(`CGO_" +
          At.Verb + "`), or are allowed with `CGO_" + At.Verb + "_ALLOW`.";
  if (const CgoFlagDoc *D = cgoFlagDocFor(At.Word))
    Md += "\n\n" + std::string(D->Doc);
  if (At.Verb == "LDFLAGS" && startsWith(At.Word, "-l") && At.Word.size() > 2)
    Md += resolvedOn(S, At.Word, At.Word.substr(2), false);
  else if (At.Word == "-framework" && !At.Next.empty())
    Md += resolvedOn(S, "-framework " + At.Next, At.Next, true);
  return Md;
}

} // namespace cgols
