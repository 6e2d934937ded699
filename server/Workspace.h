//===- Workspace.h - Open documents and the latest result per package -----===//
//
// The state a Server keeps between messages: the open documents (the
// editor's text overrides the disk), per package directory the latest
// analysis (the package model, its diagnostics and the compiled units per
// target, for feature requests to query), and per file what was last
// published (so that a code action converts the diagnostics it was given
// against the text they were computed for). Plain data: the Server guards
// it with its lock.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "Analysis.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace cgols {

struct OpenDocument {
  std::string Text;
  std::int64_t Version = 0;
};

/// One analysis of a package: the model and what came of it, kept together
/// (the result's units point into the model's files).
struct PackageAnalysis {
  Package Pkg;
  PackageResult Result;
};

/// What a feature request on an open Go file works with: the latest
/// analysis of its package (kept alive here), the file as analysed, and the
/// document's current text (the editor's positions refer to it).
struct FileView {
  std::shared_ptr<const PackageAnalysis> Analysis;
  const SourceFile *File = nullptr;
  std::string Text;
};

struct PublishedFile {
  std::optional<std::int64_t> Version; ///< set for open documents
  std::shared_ptr<const std::string> Text;
  std::vector<Diagnostic> Diags;
};

struct Workspace {
  std::map<std::string, OpenDocument> Docs; ///< by path
  std::map<std::string, std::shared_ptr<const PackageAnalysis>> Latest;
  std::map<std::string, PublishedFile> Published; ///< non-empty ones
  std::set<std::string> ShownNotices;

  /// Directories with an open .go file.
  std::set<std::string> openPackages() const;
  bool anyOpenIn(const std::string &Dir) const;
};

std::string directoryOf(const std::string &Path);

} // namespace cgols
