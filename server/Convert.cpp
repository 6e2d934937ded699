//===- Convert.cpp - Domain diagnostics to LSP ----------------------------===//
#include "Convert.h"

namespace cgols {

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
  for (const Fix &F : D.Fixes) {
    LSPFix LF;
    LF.Title = F.Title;
    LF.Settings = F.Settings;
    for (const std::string &P : F.Creates)
      LF.CreateUris.push_back(protocol::pathToUri(P));
    bool Ok = true;
    for (const TextEdit &E : F.Edits) {
      auto Rg = RangeIn(E.Range);
      if (!Rg) {
        Ok = false;
        break;
      }
      std::string Uri = protocol::pathToUri(E.Range.File);
      auto It = std::find_if(LF.Changes.begin(), LF.Changes.end(),
                             [&](const auto &P) { return P.first == Uri; });
      if (It == LF.Changes.end()) {
        LF.Changes.push_back({Uri, {}});
        It = LF.Changes.end() - 1;
      }
      It->second.push_back({*Rg, E.NewText});
    }
    if (Ok)
      C.Fixes.push_back(std::move(LF));
  }
  return C;
}

} // namespace cgols
