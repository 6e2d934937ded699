//===- Config.cpp - Every setting cgols reads, in one table ---------------===//
#include "Config.h"

namespace cgols {
namespace json = boost::json;

namespace {

using Problems = std::vector<std::string>;

auto stringList(std::vector<std::string> Config::*Field, const char *Name) {
  return [Field, Name](Config &C, const json::value &V, Problems &P) {
    std::vector<std::string> R;
    bool Ok = V.is_array();
    for (std::size_t I = 0; Ok && I < V.as_array().size(); ++I) {
      Ok = V.as_array()[I].is_string();
      if (Ok)
        R.emplace_back(V.as_array()[I].as_string());
    }
    if (!Ok) {
      P.push_back(std::string(Name) + " must be an array of strings");
      return;
    }
    C.*Field = std::move(R);
  };
}

auto string(std::string Config::*Field, const char *Name) {
  return [Field, Name](Config &C, const json::value &V, Problems &P) {
    if (!V.is_string()) {
      P.push_back(std::string(Name) + " must be a string");
      return;
    }
    C.*Field = std::string(V.as_string());
  };
}

/// An integer from Min to Max; with ZeroToo, also 0 (which means "none").
auto integer(int Config::*Field, const char *Name, int Min, int Max,
             bool ZeroToo = false) {
  return [=](Config &C, const json::value &V, Problems &P) {
    if (V.is_int64() && ((V.as_int64() >= Min && V.as_int64() <= Max) ||
                         (ZeroToo && V.as_int64() == 0))) {
      C.*Field = static_cast<int>(V.as_int64());
      return;
    }
    P.push_back(std::string(Name) + " must be " + (ZeroToo ? "0 or " : "") +
                "an integer from " + std::to_string(Min) + " to " +
                std::to_string(Max));
  };
}

} // namespace

const std::vector<SettingInfo> &settingsTable() {
  static const std::vector<SettingInfo> S = {
      {"cgols.targets", "array", "[]",
       "Targets to analyse, as GOOS/GOARCH (e.g. darwin/arm64, linux/amd64). "
       "Empty: the host's target plus darwin/arm64.",
       stringList(&Config::Targets, "cgols.targets")},
      {"cgols.sdkPath", "string", "\"\"",
       "The macOS SDK used for darwin targets. Empty: SDKROOT, then xcrun "
       "--show-sdk-path on macOS.",
       string(&Config::SdkPath, "cgols.sdkPath")},
      {"cgols.sysroot", "string", "\"\"",
       "A sysroot for linux targets. Empty: the host's headers.",
       string(&Config::Sysroot, "cgols.sysroot")},
      {"cgols.extraFlags", "array", "[]",
       "Extra C compiler flags added after the package's #cgo flags. Only "
       "compile-only flags are used (the go command's compiler allowlist).",
       stringList(&Config::ExtraFlags, "cgols.extraFlags")},
      {"cgols.debounceMs", "integer", "200",
       "The longest wait, in milliseconds, after an edit in a burst of "
       "edits before analysing (less when the package analyses quickly; "
       "none for an edit after a pause, or one that recompiles nothing).",
       integer(&Config::DebounceMs, "cgols.debounceMs", 0, 10000)},
      {"cgols.compileTimeoutSeconds", "integer", "30",
       "Seconds one compile of a preamble may take before cgols stops it "
       "and says so at import \"C\".",
       integer(&Config::CompileTimeoutSeconds, "cgols.compileTimeoutSeconds", 1,
               3600)},
      {"cgols.compileMemoryMB", "integer", "4096",
       "Megabytes of memory one compile of a preamble may use before cgols "
       "stops it and says so at import \"C\" (0: no limit).",
       integer(&Config::CompileMemoryMB, "cgols.compileMemoryMB", 256, 1048576,
               /*ZeroToo=*/true)},
      {"cgols.cacheMB", "integer", "512",
       "Megabytes the server keeps of compiled preambles for reuse (least "
       "recently used go first; everything goes when no file is open).",
       integer(&Config::CacheMB, "cgols.cacheMB", 0, 65536)},
      {"cgols.checks", "object", "{}",
       "Turns single diagnostics off or on by code, e.g. "
       "{\"cgo-condition-typo\": false}. Codes are listed in docs/checks.md.",
       [](Config &C, const json::value &V, Problems &P) {
         std::map<std::string, bool> R;
         bool Ok = V.is_object();
         if (Ok)
           for (const auto &KV : V.as_object()) {
             if (!KV.value().is_bool()) {
               Ok = false;
               break;
             }
             R[std::string(KV.key())] = KV.value().as_bool();
           }
         if (!Ok) {
           P.push_back("cgols.checks must map diagnostic codes to true or "
                       "false");
           return;
         }
         C.Checks = std::move(R);
       }},
      {"cgols.path", "string", "\"\"",
       "Path of the cgols binary (user settings only: a workspace cannot "
       "choose the program the editor runs). Empty: cgols on PATH.",
       nullptr},
      {"cgols.trace.server", "string", "\"off\"",
       "Traces the communication between VS Code and cgols (off, messages, "
       "verbose).",
       nullptr},
  };
  return S;
}

void applySettings(Config &C, const json::value &V, Problems &P) {
  const json::object *O = V.if_object();
  if (!O)
    return;
  const json::object *Section = nullptr;
  if (auto *S = O->if_contains("cgols"); S && S->is_object())
    Section = &S->as_object();
  for (const SettingInfo &S : settingsTable()) {
    if (!S.Parse)
      continue;
    std::string Full = S.Name, Short = Full.substr(6); // after "cgols."
    const json::value *X = O->if_contains(Short);
    if (!X)
      X = O->if_contains(Full);
    if (!X && Section)
      X = Section->if_contains(Short);
    if (X)
      S.Parse(C, *X, P);
  }
}

json::object settingsSchemaJson() {
  json::object Props;
  for (const SettingInfo &S : settingsTable())
    Props[S.Name] = {{"type", S.Type},
                     {"default", json::parse(S.Default)},
                     {"description", S.Description}};
  return Props;
}

} // namespace cgols
