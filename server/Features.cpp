//===- Features.cpp - The C-name features ---------------------------------===//
#include "Features.h"

#include "core/LineTable.h"

#include <algorithm>

namespace cgols {

using protocol::CompletionItemKind;
using protocol::SymbolKind;

namespace {

CompletionItemKind completionKind(CSymbol::Kind K) {
  switch (K) {
  case CSymbol::Kind::Function:
    return CompletionItemKind::Function;
  case CSymbol::Kind::Variable:
    return CompletionItemKind::Variable;
  case CSymbol::Kind::Struct:
  case CSymbol::Kind::Union:
  case CSymbol::Kind::Typedef:
    return CompletionItemKind::Struct;
  case CSymbol::Kind::Enum:
    return CompletionItemKind::Enum;
  case CSymbol::Kind::EnumConstant:
    return CompletionItemKind::EnumMember;
  case CSymbol::Kind::Macro:
    return CompletionItemKind::Constant;
  }
  return CompletionItemKind::Text;
}

SymbolKind symbolKind(CSymbol::Kind K) {
  switch (K) {
  case CSymbol::Kind::Function:
    return SymbolKind::Function;
  case CSymbol::Kind::Variable:
    return SymbolKind::Variable;
  case CSymbol::Kind::Struct:
  case CSymbol::Kind::Union:
  case CSymbol::Kind::Typedef:
    return SymbolKind::Struct;
  case CSymbol::Kind::Enum:
    return SymbolKind::Enum;
  case CSymbol::Kind::EnumConstant:
    return SymbolKind::EnumMember;
  case CSymbol::Kind::Macro:
    return SymbolKind::Constant;
  }
  return SymbolKind::Variable;
}

} // namespace

CNameFeatures::CNameFeatures(ViewFn View, CompileNowFn Compile,
                             llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS)
    : View(std::move(View)), Compile(std::move(Compile)), FS(std::move(FS)) {}

CNameFeatures::~CNameFeatures() { Pool.wait(); }

std::optional<CNameFeatures::At> CNameFeatures::resolve(const Request &Q) {
  auto V = View(Q.Path);
  if (!V)
    return std::nullopt;
  auto Off = PositionMapper(V->Text, Q.Enc).offset(Q.Pos);
  if (!Off)
    return std::nullopt;
  return At{std::move(*V), Q.Path, *Off, Q.Enc};
}

void CNameFeatures::withSymbols(
    At A, const Request &Q, const std::string &Name,
    std::function<void(const At &, const std::vector<SymbolOnTargets> &)> Then,
    std::function<void()> Cancelled) {
  auto G = lookupSymbol(A.V.Analysis->Result, A.Path, Name);
  if (!G.empty() || !canDescribe(A.V, Name)) {
    Then(A, G);
    return;
  }
  Pool.async([this, A = std::move(A), Name, Then = std::move(Then),
              Cancelled = std::move(Cancelled), Flag = Q.Cancelled] {
    if (Flag && *Flag)
      return Cancelled();
    Then(A, describe(A.V, Name));
  });
}

void CNameFeatures::hover(Request Q, Answer<protocol::Hover> Done) {
  auto A = resolve(Q);
  auto N = A ? cNameAt(A->V.Text, A->Offset, A->V.File) : std::nullopt;
  if (!N)
    return Done(std::nullopt);
  auto Send = [N, Done](const At &A, std::string Md) {
    if (Md.empty())
      return Done(std::nullopt);
    Done(protocol::Hover{
        {std::move(Md)},
        PositionMapper(A.V.Text, A.Enc).range(N->Begin, N->End)});
  };
  if (const CgoHelper *H = N->InPreamble ? nullptr : findHelper(N->Name))
    return Send(*A, helperMarkdown(*H));
  withSymbols(
      std::move(*A), Q, N->Name,
      [Send, Name = N->Name](const At &A,
                             const std::vector<SymbolOnTargets> &G) {
        Send(A, hoverMarkdown(Name, G));
      },
      [Done] { Done(std::nullopt); });
}

protocol::Location CNameFeatures::headerLocation(const CLocation &L,
                                                 PositionEncoding Enc) {
  protocol::Location Loc{protocol::pathToUri(L.File), {}};
  std::size_t Line = L.Line ? L.Line - 1 : 0, Col = L.Column ? L.Column - 1 : 0;
  auto B = FS->getBufferForFile(L.File);
  if (!B) {
    // Unreadable now: Clang's place as it is (a byte column).
    protocol::Position P{static_cast<int>(Line), static_cast<int>(Col)};
    Loc.R = {P, P};
    return Loc;
  }
  llvm::StringRef Text = (*B)->getBuffer();
  LineTable Lines(std::string_view(Text.data(), Text.size()));
  std::size_t Off = std::min(Lines.lineStart(Line) + Col, Text.size());
  Loc.R = PositionMapper(std::string_view(Text.data(), Text.size()), Enc)
              .range(Off, Off);
  return Loc;
}

void CNameFeatures::definition(Request Q,
                               Answer<std::vector<protocol::Location>> Done) {
  auto A = resolve(Q);
  auto N = A ? cNameAt(A->V.Text, A->Offset, A->V.File) : std::nullopt;
  if (!N)
    return Done(std::vector<protocol::Location>());
  withSymbols(
      std::move(*A), Q, N->Name,
      [this, Done](const At &A, const std::vector<SymbolOnTargets> &Gs) {
        std::vector<protocol::Location> Locs;
        for (const SymbolOnTargets &G : Gs) {
          const CSymbol &S = G.Symbol;
          protocol::Location L;
          if (S.Where.InPreamble) {
            const SourceFile &F = *A.V.File;
            auto [B, E] =
                F.Go.PreambleMap.rangeToGo(S.Where.Begin, S.Where.End);
            L = {protocol::pathToUri(F.Path),
                 PositionMapper(F.Text, A.Enc).range(B, E)};
          } else {
            L = headerLocation(S.Where, A.Enc);
          }
          auto Same = [&](const protocol::Location &O) {
            return O.Uri == L.Uri && O.R.Start.Line == L.R.Start.Line &&
                   O.R.Start.Character == L.R.Start.Character &&
                   O.R.End.Line == L.R.End.Line &&
                   O.R.End.Character == L.R.End.Character;
          };
          if (std::none_of(Locs.begin(), Locs.end(), Same))
            Locs.push_back(std::move(L));
        }
        Done(std::move(Locs));
      },
      [Done] { Done(std::nullopt); });
}

void CNameFeatures::signatureHelp(Request Q,
                                  Answer<protocol::SignatureHelp> Done) {
  auto A = resolve(Q);
  auto Call = A ? callAt(A->V.Text, A->Offset) : std::nullopt;
  if (!Call)
    return Done(std::nullopt);
  withSymbols(
      std::move(*A), Q, Call->Name,
      [Call, Done](const At &, const std::vector<SymbolOnTargets> &Groups) {
        auto Sig = signatureOf(Call->Name, Groups);
        if (!Sig)
          return Done(std::nullopt);
        Done(protocol::SignatureHelp{Sig->Label, Sig->Params, Sig->Doc,
                                     Call->ActiveParameter});
      },
      [Done] { Done(std::nullopt); });
}

protocol::CompletionList CNameFeatures::completion(const Request &Q) {
  protocol::CompletionList L;
  auto A = resolve(Q);
  auto Pre = A ? completionPrefix(A->V.Text, A->Offset) : std::nullopt;
  if (!Pre)
    return L;
  const std::size_t Limit = 2000;
  std::vector<Candidate> Cs =
      completeCNames(A->V.Analysis->Result, A->Path, Pre->Name, Limit);
  L.IsIncomplete = Cs.size() >= Limit;
  for (const Candidate &C : Cs) {
    protocol::CompletionItem I;
    I.Label = C.Label;
    if (C.Helper) {
      I.Kind = CompletionItemKind::Function;
      I.Detail = C.Helper->Signature;
    } else if (C.Symbol) {
      I.Kind = completionKind(C.Symbol->K);
      I.Detail = C.Symbol->Decl;
    } // else a deeper header's name: details on hover
    I.Documentation = completionDoc(C);
    I.SortText = std::to_string(C.Rank) + C.Label;
    L.Items.push_back(std::move(I));
  }
  return L;
}

std::vector<protocol::DocumentSymbol>
CNameFeatures::documentSymbols(const std::string &Path, PositionEncoding Enc) {
  std::vector<protocol::DocumentSymbol> Out;
  auto V = View(Path);
  if (!V)
    return Out;
  const SourceFile &F = *V->File;
  PositionMapper M(F.Text, Enc);
  for (const CSymbol &S : preambleSymbols(V->Analysis->Result, Path)) {
    auto [B, End] = F.Go.PreambleMap.rangeToGo(
        S.Where.Begin,
        S.Where.End > S.Where.Begin ? S.Where.End : S.Where.Begin + 1);
    Out.push_back({S.Name, S.Decl, symbolKind(S.K), M.range(B, End)});
  }
  return Out;
}

bool CNameFeatures::canDescribe(const FileView &V, const std::string &Name) {
  for (const TargetUnits &T : V.Analysis->Result.Units)
    for (const PreambleUnit &U : T.Preambles)
      if (U.File == V.File && U.R && U.R->DeclaredNames.contains(Name))
        return true;
  return false;
}

std::vector<SymbolOnTargets> CNameFeatures::describe(const FileView &V,
                                                     const std::string &Name) {
  std::vector<SymbolOnTargets> Out;
  for (const TargetUnits &T : V.Analysis->Result.Units)
    for (const PreambleUnit &U : T.Preambles) {
      if (U.File != V.File || !U.R || !U.R->DeclaredNames.contains(Name))
        continue;
      std::optional<CSymbol> S;
      auto Key = std::make_pair(U.R.get(), Name);
      bool Known = false;
      {
        std::lock_guard<std::mutex> L(DescribeM);
        if (auto It = Described.find(Key);
            It != Described.end() && It->second.Unit.lock() == U.R) {
          S = It->second.Symbol;
          Known = true;
        }
      }
      if (!Known) {
        CompileRequest Req = U.Req;
        Req.CollectSymbols = true;
        Req.SymbolNames = {Name};
        CompileResult R = Compile(Req, directoryOf(V.File->Path));
        if (R.Failure != CompileFailure::None)
          continue; // said at import "C" by the analysis
        if (const CSymbol *Found = findSymbol(R, Name))
          S = *Found;
        std::lock_guard<std::mutex> L(DescribeM);
        if (Described.size() > 256)
          Described.clear();
        Described[Key] = {U.R, S};
      }
      if (S)
        addOnTarget(Out, T.T.name(), *S);
    }
  return Out;
}

void CNameFeatures::clear() {
  std::lock_guard<std::mutex> L(DescribeM);
  Described.clear();
}

} // namespace cgols
