//===- Directives.cpp - Completion and hover inside #cgo lines ------------===//
#include "Directives.h"

namespace cgols {

using protocol::CompletionItemKind;

DirectiveFeatures::DirectiveFeatures(ViewFn View, SourcesFn Sources,
                                     PackageFn Package)
    : View(std::move(View)), Sources(std::move(Sources)),
      Package(std::move(Package)) {}

DirectiveFeatures::~DirectiveFeatures() { Pool.wait(); }

namespace {

CompletionItemKind kindOf(CgoLineCandidate::Kind K) {
  switch (K) {
  case CgoLineCandidate::Kind::Keyword:
    return CompletionItemKind::Keyword;
  case CgoLineCandidate::Kind::Flag:
    return CompletionItemKind::Constant;
  case CgoLineCandidate::Kind::Module:
    return CompletionItemKind::Module;
  case CgoLineCandidate::Kind::Function:
    return CompletionItemKind::Function;
  case CgoLineCandidate::Kind::Value:
    return CompletionItemKind::Value;
  }
  return CompletionItemKind::Text;
}

} // namespace

std::optional<protocol::CompletionList>
DirectiveFeatures::completion(const Request &Q) {
  auto V = View(Q.Path);
  if (!V)
    return std::nullopt;
  PositionMapper M(V->Text, Q.Enc);
  auto Off = M.offset(Q.Pos);
  if (!Off)
    return std::nullopt;
  auto At = cgoLineAt(V->Text, *Off);
  if (!At)
    return std::nullopt;
  protocol::CompletionList L;
  CgoLineSources S = Sources(*V);
  protocol::Range R = M.range(At->Begin, *Off);
  for (CgoLineCandidate &C : cgoLineCandidates(*At, S)) {
    protocol::CompletionItem I;
    I.Label = C.Label;
    I.Kind = kindOf(C.K);
    I.Detail = std::move(C.Detail);
    I.Documentation = std::move(C.Doc);
    I.SortText = C.Label;
    I.EditRange = R;
    I.NewText = std::move(C.Insert);
    L.Items.push_back(std::move(I));
  }
  return L;
}

bool DirectiveFeatures::hover(const Request &Q, Answer<protocol::Hover> Done) {
  auto V = View(Q.Path);
  if (!V)
    return false;
  auto Off = PositionMapper(V->Text, Q.Enc).offset(Q.Pos);
  if (!Off)
    return false;
  auto At = cgoLineAt(V->Text, *Off);
  if (!At)
    return false;
  if (At->Word.empty()) {
    Done(std::nullopt);
    return true;
  }
  auto Answer = [Done, Enc = Q.Enc](const FileView &V, const CgoLineAt &At,
                                    std::string Md) {
    if (Md.empty())
      return Done(std::nullopt);
    Done(protocol::Hover{{std::move(Md)},
                         PositionMapper(V.Text, Enc).range(At.Begin, At.End)});
  };
  CgoLineSources S = Sources(*V);
  if (At->S != CgoLineAt::Slot::Package ||
      At->Word.find("${SRCDIR}") != std::string::npos) {
    Answer(*V, *At, cgoLineHover(*At, S));
    return true;
  }
  // pkg-config runs: on the pool, so that edits go on meanwhile.
  Pool.async([this, V = std::move(*V), At = std::move(*At), S = std::move(S),
              Answer, Flag = Q.Cancelled] {
    if (Flag && *Flag)
      return Answer(V, At, "");
    PkgConfigFacts P = Package(At.Word, S.PackageDir);
    Answer(V, At, cgoLineHover(At, S, &P));
  });
  return true;
}

} // namespace cgols
