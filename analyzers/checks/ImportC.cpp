//===- ImportC.cpp - A detached preamble, a renamed import "C" ------------===//
//
// Check ids: cgo-detached-preamble, cgo-renamed-import.
//
// What: a comment that ends one or more blank lines above import "C" (cgo
// then has no preamble: golang/go#9733), and `import x "C"`.
// Why: with a blank line, every C.name fails with "could not determine kind
// of name"; a renamed import stops cgo with `cannot rename import "C"`.
// Example: `// #include <stdlib.h>`, a blank line, `import "C"`.
// Fix: remove the blank lines between the comment and the import.
//
//===----------------------------------------------------------------------===//
#include "Check.h"

namespace cgols {

static void checkImportC(const Package &P, std::vector<Diagnostic> &Out) {
  for (const auto &FP : P.Files) {
    const SourceFile &F = *FP;
    for (const go::CImport &CI : F.Go.CImports) {
      if (CI.Renamed) {
        Diagnostic D;
        D.Where = {F.Path, CI.Spec.Begin, CI.Spec.End};
        D.Code = "cgo-renamed-import";
        D.Message = "Remove the name before \"C\": cgo needs import \"C\" "
                    "unnamed (cannot rename import \"C\")";
        Out.push_back(std::move(D));
      }
      if (!CI.Detached)
        continue;
      std::string Comment = F.Text.substr(
          CI.Detached->Begin, CI.Detached->End - CI.Detached->Begin);
      bool LooksLikeC = Comment.find("#include") != std::string::npos ||
                        Comment.find("#cgo") != std::string::npos ||
                        Comment.find("#define") != std::string::npos ||
                        Comment.find("#import") != std::string::npos;
      if (!LooksLikeC && F.Go.Refs.empty())
        continue;
      Diagnostic D;
      D.Where = {F.Path, CI.Path.Begin, CI.Path.End};
      D.Code = "cgo-detached-preamble";
      // A warning: the errors are where cgo reports them, at each C.name.
      D.Sev = Severity::Warning;
      D.Message = "Remove the blank line above import \"C\": with it, cgo "
                  "ignores the comment above and this file has no preamble";
      D.Related.push_back({{F.Path, CI.Detached->Begin, CI.Detached->End},
                           "the comment meant as the preamble"});
      // Remove the blank lines between the comment's end and the import.
      std::size_t CommentLineEnd = F.Text.find('\n', CI.Detached->End);
      std::size_t ImportLineStart = F.Text.rfind('\n', CI.Spec.Begin);
      // The spec may follow "import " on its line; the keyword's line start.
      if (CommentLineEnd != std::string::npos &&
          ImportLineStart != std::string::npos &&
          ImportLineStart > CommentLineEnd)
        D.Fixes.push_back(
            {"Remove the blank line before import \"C\"",
             {{{F.Path, CommentLineEnd + 1, ImportLineStart + 1}, ""}}});
      Out.push_back(std::move(D));
    }
  }
}

namespace {
std::vector<CodeDoc> importCCodes() {
  return {
      {"cgo-detached-preamble", "(warning)",
       R"md(**What.** A comment ends one or more blank lines above `import "C"`, so it is not the preamble
(golang/go#9733). Each `C.name` of the file then gets `cgo-undeclared-name`, which says why.

**Fix.** *Remove the blank line before import "C"*.)md"},
      {"cgo-renamed-import", "",
       R"md(**What.** `import x "C"`. cgo stops with `cannot rename import "C"`.)md"},
  };
}

void importCRun(const CheckContext &C, std::vector<Diagnostic> &Out) {
  checkImportC(C.P, Out);
}

} // namespace

const Check &importCCheck() {
  static const Check TheCheck{"import-c", CheckScope::Package, importCCodes(),
                              importCRun};
  return TheCheck;
}

} // namespace cgols
