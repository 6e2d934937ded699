//===- ServerClient.cpp - What the client gets: diagnostics, fixes, health ===//
//
// The Server's answers in the client's terms: diagnostics with LSP
// positions, related information in headers and docs links; the code
// actions of a file's published diagnostics, with the settings fixes
// SettingsFiles builds; the doctor's findings with their fixes. Server
// methods, kept apart from the analysis orchestration in Server.cpp.
//
//===----------------------------------------------------------------------===//
#include "Server.h"

#include "Docs.h"

#include "llvm/Support/MemoryBuffer.h"

namespace cgols {

namespace {

// The texts of other files (headers named in related information, settings
// files a fix edits), read once each for one conversion.
struct FileTexts {
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS;
  std::map<std::string, std::string> Texts;
  TextProvider provider() {
    return [this](const std::string &P) -> const std::string * {
      auto It = Texts.find(P);
      if (It == Texts.end()) {
        auto B = FS->getBufferForFile(P);
        if (!B)
          return nullptr;
        It = Texts.emplace(P, (*B)->getBuffer().str()).first;
      }
      return &It->second;
    };
  }
};

std::string docsLink(const ClientInfo &C, const std::string &Code) {
  // The documentation the client ships (VS Code opens #L<line> at the
  // line, offline).
  unsigned Line = C.DocsUri.empty() ? 0 : docs::line(Code);
  return Line ? C.DocsUri + "#L" + std::to_string(Line) : "";
}

} // namespace

std::vector<protocol::Diagnostic>
Server::toClient(const std::string &Text, const std::vector<Diagnostic> &Ds) {
  ClientInfo C = client();
  FileTexts Files{Env.fileSystem(), {}};
  TextProvider Texts = Files.provider();
  std::vector<protocol::Diagnostic> Out;
  for (const Diagnostic &D : Ds) {
    ConvertedDiagnostic CD = toLSP(D, Text, C.Enc, Texts);
    CD.Diag.CodeHref = docsLink(C, D.Code);
    Out.push_back(std::move(CD.Diag));
  }
  return Out;
}

std::vector<protocol::CodeAction> Server::codeActions(const std::string &Path,
                                                      protocol::Range R) {
  std::vector<protocol::CodeAction> Actions;
  auto Pub = published(Path);
  if (!Pub)
    return Actions;
  auto Before = [](protocol::Position A, protocol::Position B) {
    return A.Line < B.Line || (A.Line == B.Line && A.Character < B.Character);
  };
  ClientInfo C = client();
  FileTexts Files{Env.fileSystem(), {}};
  TextProvider TP = Files.provider();
  for (Diagnostic D : Pub->Diags) {
    // A flag the go command rejects: allowed for this workspace by its
    // settings.json (the open document's text, or the file's).
    if (C.ApplyEdit)
      if (auto SF = Settings.allowFlagFix(Path, D, C.CreateFiles)) {
        Files.Texts[SF->Path] = SF->Text;
        D.Fixes.push_back(std::move(SF->F));
      }
    ConvertedDiagnostic CD = toLSP(D, *Pub->Text, C.Enc, TP);
    const protocol::Range &DR = CD.Diag.R;
    // Overlap, counting touching ranges (a cursor at either end).
    if (Before(R.End, DR.Start) || Before(DR.End, R.Start))
      continue;
    for (const LSPFix &F : CD.Fixes) {
      protocol::CodeAction A;
      A.Title = F.Title;
      A.Diagnostics = {CD.Diag};
      A.IsPreferred = CD.Fixes.size() == 1;
      boost::json::object WE = toJSON(F);
      if (F.Settings && C.ApplyEdit)
        // Through workspace/applyEdit, so that the client can save the
        // settings file (the editor reads settings from disk).
        A.Cmd = protocol::Command{
            F.Title, ApplyEditCommand,
            boost::json::array{boost::json::object{{"label", F.Title},
                                                   {"edit", std::move(WE)}}}};
      else if (!F.Settings || F.CreateUris.empty() || C.CreateFiles)
        A.Edit = std::move(WE);
      else
        continue;
      Actions.push_back(std::move(A));
    }
  }
  return Actions;
}

std::vector<protocol::HealthFinding> Server::healthReport(bool Refresh) {
  std::vector<doctor::Finding> Fs = health(Refresh);
  ClientInfo C = client();
  std::vector<protocol::HealthFinding> Out;
  for (const doctor::Finding &F : Fs) {
    protocol::HealthFinding H;
    H.Section = F.Section;
    H.Verdict = F.V == doctor::Verdict::Ok        ? "ok"
                : F.V == doctor::Verdict::Warning ? "warning"
                                                  : "error";
    H.Title = F.Title;
    H.Detail = F.Detail;
    H.Code = F.Code;
    if (!F.Code.empty())
      H.Docs = docsLink(C, F.Code);
    H.FixTitle = F.FixTitle;
    H.FixCommand = F.Command; // for the user to run
    if (C.ApplyEdit)
      if (auto SF = Settings.findingFix(F, C.CreateFiles)) {
        FileTexts Files{Env.fileSystem(), {{SF->Path, SF->Text}}};
        if (auto LF = toLSPFix(SF->F, C.Enc, Files.provider()))
          H.FixEdit =
              boost::json::object{{"label", F.FixTitle}, {"edit", toJSON(*LF)}};
      }
    Out.push_back(std::move(H));
  }
  return Out;
}

} // namespace cgols
