//===- Doctor.cpp - `cgols doctor`: the machine's health for cgo ----------===//
#include "Doctor.h"

#include "Health.h"
#include "doctor/Doctor.h"

#include <boost/json.hpp>

namespace cgols {

int runDoctor(const DoctorOptions &O, Environment &Env, std::ostream &Out) {
  std::vector<std::string> Pkgs;
  if (!O.Dir.empty())
    Pkgs = pkgConfigPackagesIn(Env, O.Dir);
  std::vector<doctor::Finding> Fs = doctor::evaluate(collectFacts(Env, Pkgs));
  bool Error = false;
  for (const doctor::Finding &F : Fs)
    Error = Error || F.V == doctor::Verdict::Error;
  if (!O.Json) {
    Out << doctor::renderText(Fs, O.Verbose);
    return Error ? 1 : 0;
  }
  boost::json::array A;
  for (const doctor::Finding &F : Fs) {
    boost::json::object J{{"section", F.Section},
                          {"verdict", F.V == doctor::Verdict::Ok ? "ok"
                                      : F.V == doctor::Verdict::Warning
                                          ? "warning"
                                          : "error"},
                          {"title", F.Title}};
    if (!F.Code.empty())
      J["code"] = F.Code;
    if (!F.Detail.empty())
      J["detail"] = F.Detail;
    if (!F.FixTitle.empty()) {
      boost::json::object Fix{{"title", F.FixTitle}};
      if (!F.Command.empty())
        Fix["command"] = F.Command;
      boost::json::array Sets;
      for (const auto &[Keys, Value] : F.SetSettings) {
        boost::json::array K(Keys.begin(), Keys.end());
        Sets.push_back(boost::json::object{{"keys", K}, {"value", Value}});
      }
      if (!Sets.empty())
        Fix["settings"] = std::move(Sets);
      J["fix"] = std::move(Fix);
    }
    A.push_back(std::move(J));
  }
  Out << boost::json::serialize(boost::json::object{{"findings", A}}) << "\n";
  return Error ? 1 : 0;
}

} // namespace cgols
