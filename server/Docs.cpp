//===- Docs.cpp -----------------------------------------------------------===//
#include "Docs.h"

#include "checks/Check.h"
#include "core/CodeDocs.h"
#include "doctor/Doctor.h"
#include "settings/Settings.h"

namespace cgols::docs {

std::string markdown() {
  std::string Md = checksMarkdown();
  std::string Rest = "\n# Settings files\n\ncgols checks `.vscode/"
                     "settings.json` and `*.code-workspace` when the "
                     "editor opens them; fixes are applied through the "
                     "editor, which saves the file.\n\n";
  for (const CodeDoc &D : settings::codeDocs())
    Rest += markdownSection(D);
  Rest += "# Machine health (cgols doctor, the Workspace Health view)\n\n"
          "Findings about the machine rather than the code: `cgols "
          "doctor` prints them, the server answers `cgols/health`.\n\n";
  for (const CodeDoc &D : doctor::codeDocs())
    Rest += markdownSection(D);
  while (!Rest.empty() && Rest.back() == '\n')
    Rest.pop_back();
  return Md + Rest + "\n";
}

unsigned line(const std::string &Code) {
  static const std::map<std::string, unsigned> Lines =
      markdownSectionLines(markdown());
  auto It = Lines.find(Code);
  return It == Lines.end() ? 0 : It->second;
}

} // namespace cgols::docs
