//===- Convert.cpp - Domain diagnostics to LSP ----------------------------===//
#include "Convert.h"

namespace cgols {

namespace json = boost::json;

ConvertedDiagnostic toLSP(const Diagnostic &D, const std::string &FileText,
                          PositionEncoding Enc, const TextProvider &Texts) {
  ConvertedDiagnostic C;
  PositionMapper M(FileText, Enc);
  C.Diag.R = M.range(D.Where.Begin, D.Where.End);
  C.Diag.Severity = static_cast<int>(D.Sev);
  C.Diag.Code = D.Code;
  C.Diag.Message = D.Message;
  auto RangeIn = [&](const Location &L) -> std::optional<protocol::Range> {
    if (L.File == D.Where.File)
      return M.range(L.Begin, L.End);
    const std::string *T = Texts(L.File);
    if (!T)
      return std::nullopt;
    return PositionMapper(*T, Enc).range(L.Begin, L.End);
  };
  for (const RelatedInfo &R : D.Related) {
    auto Rg = RangeIn(R.Where);
    if (!Rg)
      continue;
    C.Diag.Related.push_back(
        {{protocol::pathToUri(R.Where.File), *Rg}, R.Message});
  }
  for (const Fix &F : D.Fixes)
    if (auto LF = toLSPFix(F, Enc, [&](const std::string &P) {
          return P == D.Where.File ? &FileText : Texts(P);
        }))
      C.Fixes.push_back(std::move(*LF));
  return C;
}

std::optional<LSPFix> toLSPFix(const Fix &F, PositionEncoding Enc,
                               const TextProvider &Texts) {
  LSPFix LF;
  LF.Title = F.Title;
  LF.Settings = F.Settings;
  static const std::string Empty;
  for (const std::string &P : F.Creates)
    LF.CreateUris.push_back(protocol::pathToUri(P));
  for (const TextEdit &E : F.Edits) {
    bool Created = std::find(F.Creates.begin(), F.Creates.end(),
                             E.Range.File) != F.Creates.end();
    const std::string *T = Created ? &Empty : Texts(E.Range.File);
    if (!T)
      return std::nullopt;
    auto Rg = PositionMapper(*T, Enc).range(E.Range.Begin, E.Range.End);
    std::string Uri = protocol::pathToUri(E.Range.File);
    auto It = std::find_if(LF.Changes.begin(), LF.Changes.end(),
                           [&](const auto &P) { return P.first == Uri; });
    if (It == LF.Changes.end()) {
      LF.Changes.push_back({Uri, {}});
      It = LF.Changes.end() - 1;
    }
    It->second.push_back({Rg, E.NewText});
  }
  return LF;
}

json::object toJSON(const LSPFix &F) {
  json::object WE;
  auto EditsOf = [](const std::vector<protocol::TextEdit> &Edits) {
    json::array A;
    for (const auto &Ed : Edits)
      A.push_back(protocol::toJSON(Ed));
    return A;
  };
  if (F.CreateUris.empty()) {
    json::object Changes;
    for (const auto &[Uri, Edits] : F.Changes)
      Changes[Uri] = EditsOf(Edits);
    WE["changes"] = std::move(Changes);
    return WE;
  }
  json::array Ops;
  for (const std::string &U : F.CreateUris)
    Ops.push_back(
        json::object{{"kind", "create"},
                     {"uri", U},
                     {"options", json::object{{"ignoreIfExists", true}}}});
  for (const auto &[Uri, Edits] : F.Changes)
    Ops.push_back(json::object{
        {"textDocument", json::object{{"uri", Uri}, {"version", nullptr}}},
        {"edits", EditsOf(Edits)}});
  WE["documentChanges"] = std::move(Ops);
  return WE;
}

} // namespace cgols
