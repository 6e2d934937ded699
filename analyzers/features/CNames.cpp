//===- CNames.cpp - Hover, definition, completion for C names -------------===//
#include "CNames.h"

#include <algorithm>
#include <cctype>

namespace cgols {
namespace {

bool identChar(char C) {
  return std::isalnum(static_cast<unsigned char>(C)) || C == '_';
}

const PreambleUnit *unitOf(const TargetUnits &T, const std::string &GoFile) {
  for (const PreambleUnit &U : T.Preambles)
    if (U.File && U.File->Path == GoFile && U.R)
      return &U;
  return nullptr;
}

} // namespace

std::optional<CNameAt> cNameAt(std::string_view Text, std::size_t Offset,
                               const SourceFile *F) {
  if (Offset > Text.size())
    return std::nullopt;
  std::size_t B = Offset, E = Offset;
  while (B > 0 && identChar(Text[B - 1]))
    --B;
  while (E < Text.size() && identChar(Text[E]))
    ++E;
  if (B == E)
    return std::nullopt;
  CNameAt R{std::string(Text.substr(B, E - B)), B, E, false};
  if (B >= 2 && Text[B - 1] == '.' && Text[B - 2] == 'C' &&
      (B < 3 || !identChar(Text[B - 3])))
    return R;
  // Inside the preamble comment: a C identifier.
  if (F && F->Text == Text && F->Go.PreambleMap.toPreamble(B)) {
    R.InPreamble = true;
    return R;
  }
  return std::nullopt;
}

std::optional<CNameAt> completionPrefix(std::string_view Text,
                                        std::size_t Offset) {
  if (Offset > Text.size())
    return std::nullopt;
  std::size_t B = Offset;
  while (B > 0 && identChar(Text[B - 1]))
    --B;
  if (B >= 2 && Text[B - 1] == '.' && Text[B - 2] == 'C' &&
      (B < 3 || !identChar(Text[B - 3])))
    return CNameAt{std::string(Text.substr(B, Offset - B)), B, Offset, false};
  return std::nullopt;
}

std::optional<CallAt> callAt(std::string_view Text, std::size_t Offset) {
  int Depth = 0;
  unsigned Commas = 0;
  // A call's arguments are near the cursor: look back 4 KiB at most.
  std::size_t End = std::min(Offset, Text.size());
  std::size_t Stop = End > 4096 ? End - 4096 : 0;
  for (std::size_t I = End; I-- > Stop;) {
    char C = Text[I];
    if (C == ')' || C == ']' || C == '}')
      ++Depth;
    else if (C == '[' || C == '{') {
      if (Depth == 0)
        return std::nullopt;
      --Depth;
    } else if (C == '(') {
      if (Depth > 0) {
        --Depth;
        continue;
      }
      auto N = cNameAt(Text, I, nullptr);
      if (!N || N->End != I)
        return std::nullopt;
      return CallAt{N->Name, Commas};
    } else if (C == ',' && Depth == 0) {
      ++Commas;
    }
  }
  return std::nullopt;
}

const std::vector<CgoHelper> &cgoHelpers() {
  // cmd/cgo's documentation ("Go references to C").
  static const std::vector<CgoHelper> H = {
      {"CString", "func C.CString(string) *C.char",
       "Go string to C string. The C string is allocated in the C heap using "
       "malloc. It is the caller's responsibility to arrange for it to be "
       "freed, such as by calling C.free (be sure to include stdlib.h if "
       "C.free is needed)."},
      {"CBytes", "func C.CBytes([]byte) unsafe.Pointer",
       "Go []byte slice to C array. The C array is allocated in the C heap "
       "using malloc. It is the caller's responsibility to arrange for it to "
       "be freed, such as by calling C.free."},
      {"GoString", "func C.GoString(*C.char) string", "C string to Go string."},
      {"GoStringN", "func C.GoStringN(*C.char, C.int) string",
       "C data with explicit length to Go string."},
      {"GoBytes", "func C.GoBytes(unsafe.Pointer, C.int) []byte",
       "C data with explicit length to Go []byte."},
  };
  return H;
}

const CgoHelper *findHelper(const std::string &Name) {
  for (const CgoHelper &H : cgoHelpers())
    if (Name == H.Name)
      return &H;
  return nullptr;
}

std::vector<SymbolOnTargets> lookupSymbol(const PackageResult &R,
                                          const std::string &GoFile,
                                          const std::string &Name) {
  std::vector<SymbolOnTargets> Out;
  for (const TargetUnits &T : R.Units) {
    const PreambleUnit *U = unitOf(T, GoFile);
    if (!U)
      continue;
    if (const CSymbol *S = findSymbol(*U->R, Name))
      addOnTarget(Out, T.T.name(), *S);
  }
  return Out;
}

void addOnTarget(std::vector<SymbolOnTargets> &Groups,
                 const std::string &Target, const CSymbol &S) {
  auto Same = std::find_if(Groups.begin(), Groups.end(), [&](const auto &G) {
    return G.Symbol.Decl == S.Decl && G.Symbol.GoView == S.GoView;
  });
  if (Same != Groups.end())
    Same->Targets.push_back(Target);
  else
    Groups.push_back({{Target}, S});
}

std::vector<Candidate> completeCNames(const PackageResult &R,
                                      const std::string &GoFile,
                                      const std::string &Prefix,
                                      std::size_t Limit) {
  std::vector<Candidate> Out;
  for (const CgoHelper &H : cgoHelpers())
    if (std::string(H.Name).rfind(Prefix, 0) == 0)
      Out.push_back({H.Name, nullptr, &H, 0});
  for (const TargetUnits &T : R.Units) {
    const PreambleUnit *U = unitOf(T, GoFile);
    if (!U)
      continue;
    const auto &Syms = U->R->Symbols;
    auto It = std::lower_bound(
        Syms.begin(), Syms.end(), Prefix,
        [](const CSymbol &S, const std::string &P) { return S.Name < P; });
    for (; It != Syms.end() && It->Name.rfind(Prefix, 0) == 0; ++It) {
      // Reserved names (__x, _X) only when asked for.
      if (Prefix.empty() && It->Name[0] == '_')
        continue;
      Out.push_back({It->Name, &*It, nullptr,
                     It->Where.InPreamble ? 0
                     : It->Direct         ? 1
                                          : 2});
    }
    // Names of deeper headers: known by name only (their details would
    // cost a compile each; hover asks for one).
    const NameList &Names = U->R->DeclaredNames;
    for (auto N = Names.lowerBound(Prefix);
         N != Names.end() && (*N).starts_with(Prefix); ++N) {
      std::string Name = (*N).str();
      if ((Prefix.empty() && Name[0] == '_') || findSymbol(*U->R, Name))
        continue;
      Out.push_back({Name, nullptr, nullptr, 2});
    }
    break; // one target's names: the first that compiled this file
  }
  std::stable_sort(
      Out.begin(), Out.end(),
      [](const Candidate &A, const Candidate &B) { return A.Rank < B.Rank; });
  if (Out.size() > Limit)
    Out.resize(Limit);
  return Out;
}

std::vector<CSymbol> preambleSymbols(const PackageResult &R,
                                     const std::string &GoFile) {
  std::vector<CSymbol> Out;
  for (const TargetUnits &T : R.Units)
    if (const PreambleUnit *U = unitOf(T, GoFile)) {
      for (const CSymbol &S : U->R->Symbols)
        if (S.Where.InPreamble)
          Out.push_back(S);
      break;
    }
  std::sort(Out.begin(), Out.end(), [](const CSymbol &A, const CSymbol &B) {
    return A.Where.Begin < B.Where.Begin;
  });
  return Out;
}

std::string whereText(const CSymbol &S) {
  if (S.Where.InPreamble)
    return "this file's preamble";
  return "`" + S.Where.File + ":" + std::to_string(S.Where.Line) + "`";
}

std::string hoverMarkdown(const std::string &Name,
                          const std::vector<SymbolOnTargets> &Groups) {
  std::string Out;
  for (const SymbolOnTargets &G : Groups) {
    if (Groups.size() > 1) {
      std::string Ts;
      for (const std::string &T : G.Targets)
        Ts += (Ts.empty() ? "" : ", ") + T;
      Out += "**" + Ts + "**\n\n";
    }
    const CSymbol &S = G.Symbol;
    Out += "```c\n" + S.Decl + "\n```\n";
    if (!S.GoView.empty())
      Out += "Go: `C." + Name + " " + S.GoView + "`\n\n";
    Out += "From " + whereText(S) + "\n";
    if (!S.Doc.empty())
      Out += "\n" + S.Doc + "\n";
    Out += "\n";
  }
  while (!Out.empty() && Out.back() == '\n')
    Out.pop_back();
  return Out;
}

std::string helperMarkdown(const CgoHelper &H) {
  return "```go\n" + std::string(H.Signature) + "\n```\n" + H.Doc;
}

std::string completionDoc(const Candidate &C) {
  if (C.Helper)
    return C.Helper->Doc;
  if (!C.Symbol)
    return "";
  return "Go: `C." + C.Label + " " + C.Symbol->GoView + "`\n\nFrom " +
         whereText(*C.Symbol) +
         (C.Symbol->Doc.empty() ? "" : "\n\n" + C.Symbol->Doc);
}

std::optional<Signature>
signatureOf(const std::string &Name,
            const std::vector<SymbolOnTargets> &Groups) {
  if (Groups.empty() || Groups.front().Symbol.K != CSymbol::Kind::Function)
    return std::nullopt;
  const CSymbol &S = Groups.front().Symbol;
  Signature Sig;
  Sig.Label = S.Decl.substr(0, S.Decl.find('(')) + "(";
  for (std::size_t I = 0; I < S.Params.size(); ++I) {
    if (I)
      Sig.Label += ", ";
    Sig.Params.emplace_back(Sig.Label.size(),
                            Sig.Label.size() + S.Params[I].size());
    Sig.Label += S.Params[I];
  }
  Sig.Label += ")";
  Sig.Doc = "Go: `C." + Name + " " + S.GoView + "`" +
            (S.Doc.empty() ? "" : "\n\n" + S.Doc);
  return Sig;
}

} // namespace cgols
