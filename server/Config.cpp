//===- Config.cpp - Settings ----------------------------------------------===//
#include "Config.h"

namespace cgols {

const std::vector<SettingInfo> &settingsSchema() {
  static const std::vector<SettingInfo> S = {
      {"cgols.targets", "array", "[]",
       "Targets to analyse, as GOOS/GOARCH (e.g. darwin/arm64, linux/amd64). "
       "Empty: the host's target plus darwin/arm64."},
      {"cgols.sdkPath", "string", "\"\"",
       "The macOS SDK used for darwin targets. Empty: SDKROOT, then xcrun "
       "--show-sdk-path on macOS."},
      {"cgols.sysroot", "string", "\"\"",
       "A sysroot for linux targets. Empty: the host's headers."},
      {"cgols.extraFlags", "array", "[]",
       "Extra C compiler flags added after the package's #cgo flags."},
      {"cgols.debounceMs", "integer", "200",
       "Milliseconds to wait after an edit before analysing."},
      {"cgols.trace.server", "string", "\"off\"",
       "Traces the communication between VS Code and cgols (off, messages, "
       "verbose)."},
  };
  return S;
}

namespace {

const boost::json::value *lookup(const boost::json::object &O,
                                 const std::string &Short) {
  if (auto *V = O.if_contains(Short))
    return V;
  if (auto *V = O.if_contains("cgols." + Short))
    return V;
  if (auto *C = O.if_contains("cgols"); C && C->is_object())
    if (auto *V = C->as_object().if_contains(Short))
      return V;
  return nullptr;
}

void strings(const boost::json::object &O, const char *Key,
             std::vector<std::string> &Out, std::vector<std::string> &P) {
  const boost::json::value *V = lookup(O, Key);
  if (!V)
    return;
  if (!V->is_array()) {
    P.push_back(std::string("cgols.") + Key + " must be an array of strings");
    return;
  }
  std::vector<std::string> R;
  for (const auto &E : V->as_array()) {
    if (!E.is_string()) {
      P.push_back(std::string("cgols.") + Key + " must be an array of strings");
      return;
    }
    R.emplace_back(E.as_string());
  }
  Out = std::move(R);
}

void string(const boost::json::object &O, const char *Key, std::string &Out,
            std::vector<std::string> &P) {
  const boost::json::value *V = lookup(O, Key);
  if (!V)
    return;
  if (!V->is_string()) {
    P.push_back(std::string("cgols.") + Key + " must be a string");
    return;
  }
  Out = std::string(V->as_string());
}

} // namespace

void applySettings(Config &C, const boost::json::value &V,
                   std::vector<std::string> &Problems) {
  const boost::json::object *O = V.if_object();
  if (!O)
    return;
  strings(*O, "targets", C.Targets, Problems);
  string(*O, "sdkPath", C.SdkPath, Problems);
  string(*O, "sysroot", C.Sysroot, Problems);
  strings(*O, "extraFlags", C.ExtraFlags, Problems);
  if (const boost::json::value *D = lookup(*O, "debounceMs")) {
    if (D->is_int64() && D->as_int64() >= 0 && D->as_int64() <= 10000)
      C.DebounceMs = static_cast<int>(D->as_int64());
    else
      Problems.push_back("cgols.debounceMs must be an integer from 0 to 10000");
  }
}

} // namespace cgols
