//===- Package.h - A Go package as cgo sees it, per target ----------------===//
//
// A package is the .go files of one directory. For a target, go/build decides
// which files are built (name suffixes, //go:build or // +build, cgo on or
// off) and collects the #cgo directives of those files whose conditions hold;
// cmd/cgo then compiles every cgo file of the package with all of them.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "Target.h"
#include "cgo/CgoDirective.h"
#include "cgo/GoFile.h"
#include "core/Diagnostic.h"

#include <memory>
#include <string>
#include <vector>

namespace cgols {

struct SourceFile {
  std::string Path;
  std::string Text;
  go::GoFile Go;
  std::vector<go::CgoDirective> Directives;
};

/// One flag of a #cgo line, with where it came from.
struct FlagArg {
  std::string Value; ///< after ${SRCDIR} expansion and absolute -I/-L
  std::string File;
  go::Range Where;
};

struct PackageFlags {
  std::vector<FlagArg> CPPFLAGS, CFLAGS, CXXFLAGS, FFLAGS, LDFLAGS, PkgConfig;
  /// The list of CgoFlagKinds[I] (core/FlagKinds.h).
  std::vector<FlagArg> &ofKind(std::size_t I) {
    std::vector<FlagArg> *Lists[] = {&CPPFLAGS, &CFLAGS, &CXXFLAGS, &FFLAGS,
                                     &LDFLAGS};
    return *Lists[I];
  }
  const std::vector<FlagArg> &ofKind(std::size_t I) const {
    return const_cast<PackageFlags *>(this)->ofKind(I);
  }
};

struct Package {
  std::string Dir;
  std::vector<std::shared_ptr<const SourceFile>> Files;
};

/// Parses the files (path, text) of one directory into a Package.
Package makePackage(std::string Dir,
                    std::vector<std::pair<std::string, std::string>> Files,
                    go::GoVersion V);

/// A #cgo line go/build rejects: where, and its message.
struct DirectiveError {
  const SourceFile *File = nullptr;
  go::Range Where;
  std::string Message;
};

/// The package as built for one target.
struct TargetView {
  Target T;
  std::vector<const SourceFile *> Files;    ///< built for T
  std::vector<const SourceFile *> CgoFiles; ///< built for T, with import "C"
  PackageFlags Flags;
  /// Errors go/build reports for #cgo lines that apply to T, in its words
  /// (the directives check reports them).
  std::vector<DirectiveError> DirectiveErrors;
};

/// go/build's file selection and saveCgo for one target.
TargetView viewForTarget(const Package &P, const Target &T);

/// Whether a file is built for T (name, constraints, cgo).
bool fileMatchesTarget(const SourceFile &F, const Target &T);

} // namespace cgols
