//===- ObjCWithoutFlag.cpp - Objective-C compiled as C --------------------===//
//
// Check id: cgo-objc-without-flag.
//
// Objective-C compiled as C: Clang fails at the first '@' (in the preamble or
// in a header such as Foundation.h) and cascades. The preamble-diagnostics
// check hands each unit here first; one diagnostic at the '@' (or at the
// #include of the Objective-C header), with a fix that adds
// `#cgo <GOOS> CFLAGS: -x objective-c`, replaces them all: the
// preamble-diagnostics check leaves the cascade out while this check's code
// is on (turned off, Clang's own diagnostics show).
//
//===----------------------------------------------------------------------===//
#include "Check.h"

namespace cgols {

bool hasCompilerFlag(const CheckContext &Ctx,
                     std::initializer_list<const char *> Names,
                     const FlagArg **Found) {
  const TargetView &V = *Ctx.V;
  for (const auto *L : {&V.Flags.CPPFLAGS, &V.Flags.CFLAGS})
    for (std::size_t I = 0; I < L->size(); ++I) {
      const std::string &A = (*L)[I].Value;
      for (const char *N : Names)
        if (A == N) {
          if (Found)
            *Found = &(*L)[I];
          return true;
        }
      // -x objective-c as two arguments.
      if (A == "-x" && I + 1 < L->size())
        for (const char *N : Names)
          if (std::string("-x") + (*L)[I + 1].Value == N)
            return true;
    }
  for (const std::string &A : Ctx.O.ExtraFlags)
    for (const char *N : Names)
      if (A == N)
        return true;
  return false;
}

// Objective-C compiled as C: Clang fails at the first '@' (in the
// preamble or in a header such as Foundation.h) and cascades. One
// diagnostic replaces them all (check id cgo-objc-without-flag).
std::optional<Diagnostic> objcCascade(const CheckContext &Ctx,
                                      const PreambleUnit &U) {
  if (!U.R || hasCompilerFlag(Ctx, {"-xobjective-c", "-ObjC"}))
    return std::nullopt;
  const SourceFile &F = *U.File;
  const Target &T = Ctx.target();
  llvm::vfs::FileSystem &FS = *Ctx.FS;
  const CompileResult &R = *U.R;
  for (const CDiagnostic &C : R.Diags) {
    if (!C.HasLocation || C.Lev == CDiagnostic::Level::Warning)
      continue;
    char At = 0;
    if (C.Where.InPreamble) {
      if (C.Where.Begin < F.Go.Preamble.size())
        At = F.Go.Preamble[C.Where.Begin];
    } else if (!C.Where.File.empty()) {
      if (auto B = FS.getBufferForFile(C.Where.File))
        if (C.Where.Begin < (*B)->getBufferSize())
          At = (*B)->getBuffer()[C.Where.Begin];
    }
    if (At != '@')
      continue;
    Diagnostic D;
    D.Code = "cgo-objc-without-flag";
    D.Targets = {T.name()};
    D.Sev = Severity::Error;
    std::string Cond = T.GOOS;
    if (C.Where.InPreamble) {
      auto [B, E] = F.Go.PreambleMap.rangeToGo(C.Where.Begin, C.Where.End);
      D.Where = {F.Path, B, E};
      D.Message = "Add -x objective-c to #cgo " + T.GOOS +
                  " CFLAGS: this preamble is Objective-C, but the package's "
                  "CFLAGS for " +
                  T.name() + " lack the flag, so it is compiled as C and fails";
    } else if (C.HasIncludeSite) {
      auto [B, E] = F.Go.PreambleMap.rangeToGo(C.IncludeBegin, C.IncludeEnd);
      D.Where = {F.Path, B, E};
      D.Message = "Add -x objective-c to #cgo " + T.GOOS +
                  " CFLAGS: this header is Objective-C, but the package's "
                  "CFLAGS for " +
                  T.name() + " lack the flag, so it is compiled as C and fails";
      D.Related.push_back({{C.Where.File, C.Where.Begin, C.Where.End},
                           "the first Objective-C construct: " + C.Message});
    } else {
      continue;
    }
    if (auto Fx = addPreambleLine(
            F, "#cgo " + Cond + " CFLAGS: -x objective-c",
            "Add #cgo " + Cond + " CFLAGS: -x objective-c", false))
      D.Fixes.push_back(std::move(*Fx));
    return D;
  }
  return std::nullopt;
}

// Under -fobjc-arc, Clang forbids retain/release: say where ARC is on.

namespace {
std::vector<CodeDoc> objcWithoutFlagCodes() {
  return {
      {"cgo-objc-without-flag", "",
       R"md(**What.** A preamble that is Objective-C (or includes an Objective-C header such as
`Foundation.h`) while the package's CFLAGS for the target lack `-x objective-c`
(`-xobjective-c` counts). Detected where Clang, compiling C, fails at an `@`. One diagnostic
replaces the cascade of syntax errors.

**Fix.** *Add #cgo darwin CFLAGS: -x objective-c* to the file. Under `-fobjc-arc`, Clang's "ARC
forbids explicit message send of 'release'" also names the file whose `#cgo CFLAGS` set the flag.)md"}};
}

void objcWithoutFlagRun(const CheckContext &C, std::vector<Diagnostic> &Out) {
  // The preamble-diagnostics check leaves out the cascade this replaces
  // while this check's code is on.
  for (const PreambleUnit &U : C.Preambles)
    if (auto D = objcCascade(C, U))
      Out.push_back(std::move(*D));
}

} // namespace

const Check &objcWithoutFlagCheck() {
  static const Check TheCheck{"objc-without-flag", CheckScope::Target,
                              objcWithoutFlagCodes(), objcWithoutFlagRun};
  return TheCheck;
}

} // namespace cgols
