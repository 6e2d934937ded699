//===- Directives.h - Completion and hover inside #cgo lines --------------===//
//
// The #cgo-line features as a service of the Server: the position is read
// from the document's current text (analyzers/features/CgoLines), the
// sources (the options the package is analysed with, each target's link
// index, pkg-config's packages, the preamble's functions) come from the
// Server through SourcesFn. Completion answers on the caller's thread
// (pkg-config's package list is asked once and kept); hover answers on
// this service's own thread when it runs pkg-config for a package.
//
// Threads: called from the LSP dispatcher; hover may answer from the pool.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "Features.h"
#include "features/CgoLines.h"

namespace cgols {

class DirectiveFeatures {
public:
  using ViewFn = CNameFeatures::ViewFn;
  /// What completion and hover read for a file's package.
  using SourcesFn = std::function<CgoLineSources(const FileView &)>;
  /// What pkg-config says of a package, asked in Dir.
  using PackageFn =
      std::function<PkgConfigFacts(const std::string &, const std::string &)>;
  DirectiveFeatures(ViewFn View, SourcesFn Sources, PackageFn Package);
  ~DirectiveFeatures();

  using Request = CNameFeatures::Request;
  template <class T> using Answer = CNameFeatures::Answer<T>;

  /// nullopt: the position is not in a #cgo line (the C-name features
  /// answer instead).
  std::optional<protocol::CompletionList> completion(const Request &Q);
  /// false: the position is not in a #cgo line (Done is not called).
  bool hover(const Request &Q, Answer<protocol::Hover> Done);
  void wait() { Pool.wait(); }

private:
  ViewFn View;
  SourcesFn Sources;
  PackageFn Package;
  /// Last member: destroyed (and waited for) first.
  RequestPool Pool{llvm::hardware_concurrency(1)};
};

} // namespace cgols
