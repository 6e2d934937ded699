//===- TargetStates.cpp - Each target's state -----------------------------===//
#include "TargetStates.h"

namespace cgols {

std::string TargetState::title() const {
  if (!Checked) {
    std::string W = Why;
    if (W.size() > 60)
      W = W.substr(0, 57) + "...";
    return Target + ": not checked" + (W.empty() ? "" : " (" + W + ")");
  }
  if (Errors == 0 && Warnings == 0)
    return Target + ": no findings";
  std::string T = Target + ": ";
  if (Errors)
    T += std::to_string(Errors) + (Errors == 1 ? " error" : " errors");
  if (Warnings)
    T += std::string(Errors ? ", " : "") + std::to_string(Warnings) +
         (Warnings == 1 ? " warning" : " warnings");
  return T;
}

std::vector<TargetState> targetStates(const PackageResult &R,
                                      const std::vector<Target> &Targets,
                                      const std::string &Path) {
  std::vector<TargetState> Out;
  const std::vector<Diagnostic> *Ds = nullptr;
  if (auto It = R.ByFile.find(Path); It != R.ByFile.end())
    Ds = &It->second;
  for (const Target &T : Targets) {
    TargetState S;
    S.Target = T.name();
    S.Checked = true;
    for (const PackageResult::UncheckedTarget &U : R.Unchecked)
      if (U.Target == S.Target) {
        S.Checked = false;
        S.NoHeaders = U.NoHeaders;
        S.Why = U.Why;
      }
    if (S.Checked && Ds)
      for (const Diagnostic &D : *Ds) {
        bool On = D.Targets.empty() ||
                  std::find(D.Targets.begin(), D.Targets.end(), S.Target) !=
                      D.Targets.end();
        if (!On)
          continue;
        S.Errors += D.Sev == Severity::Error;
        S.Warnings += D.Sev == Severity::Warning;
      }
    Out.push_back(std::move(S));
  }
  return Out;
}

} // namespace cgols
