//===- MarkerTests.cpp - txtar workspaces through the in-process server ---===//
//
// Each tests/marker/testdata/**/*.txtar is one test: a small workspace whose
// files carry notes //@diag(...) and //@fix(...). The runner loads the files
// into memory, starts the LSP server in process (real JSON, conversion and
// position mapping) with the fake SDK and sysroot, opens every .go file, and
// then requires a one-to-one match between the published diagnostics and
// the diag notes. See docs/testing.md for the note syntax.
//
// Sections: "flags" (-targets=..., -encoding=utf-8, -no-sdk, -settings=JSON),
// "go-env.json" (what `go env -json` prints), "pkg-config" (lines
// "NAME: CFLAGS" that pkg-config knows), "notices" (one regular
// expression per line, matched one-to-one with window/showMessage), and
// "@name/path" (golden files after a fix). CGOLS_UPDATE=1 rewrites goldens.
//
//===----------------------------------------------------------------------===//
#include "Txtar.h"

#include "Document.h"
#include "TestEnvironment.h"
#include "core/LineTable.h"
#include "protocol/Protocol.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace cgols;
using namespace cgols::test;

namespace {

const std::string Root = "/ws";

std::string readFile(const fs::path &P) {
  std::ifstream In(P, std::ios::binary);
  std::stringstream S;
  S << In.rdbuf();
  return S.str();
}

// One argument of a note: a string, a regexp, key=value or a bare word.
struct Arg {
  enum { Str, Re, Word } K = Str;
  std::string Key; ///< set for key=value
  std::string V;
};

struct Note {
  std::string Name;
  std::vector<Arg> Args;
  std::string File;
  std::size_t Line = 0; ///< 0-based
  std::string Where() const { return File + ":" + std::to_string(Line + 1); }
};

// Parses `name(args), name(args)` after //@.
bool parseNotes(const std::string &S, std::vector<Note> &Out,
                std::string &Err) {
  std::size_t P = 0;
  auto Skip = [&] {
    while (P < S.size() && (S[P] == ' ' || S[P] == '\t'))
      ++P;
  };
  while (true) {
    Skip();
    if (P >= S.size())
      return true;
    Note N;
    std::size_t B = P;
    while (P < S.size() && (std::isalnum((unsigned char)S[P]) || S[P] == '_'))
      ++P;
    N.Name = S.substr(B, P - B);
    if (N.Name.empty() || P >= S.size() || S[P] != '(') {
      Err = "expected name( in note: " + S;
      return false;
    }
    ++P;
    while (true) {
      Skip();
      if (P < S.size() && S[P] == ')') {
        ++P;
        break;
      }
      Arg A;
      std::size_t KB = P;
      while (P < S.size() && (std::isalnum((unsigned char)S[P]) || S[P] == '_'))
        ++P;
      std::string Word = S.substr(KB, P - KB);
      if (P < S.size() && S[P] == '=') {
        A.Key = Word;
        ++P;
        KB = P;
        while (P < S.size() &&
               (std::isalnum((unsigned char)S[P]) || S[P] == '_'))
          ++P;
        Word = S.substr(KB, P - KB);
      }
      if (Word == "re" && P < S.size() && S[P] == '"') {
        A.K = Arg::Re;
      } else if (!Word.empty()) {
        A.K = Arg::Word;
        A.V = Word;
      }
      if (A.K != Arg::Word) {
        if (P >= S.size() || S[P] != '"') {
          Err = "expected a string in note: " + S;
          return false;
        }
        ++P;
        // Backslashes stay (they matter to regular expressions), except
        // that \" is a quote.
        while (P < S.size() && S[P] != '"') {
          if (S[P] == '\\' && P + 1 < S.size() && S[P + 1] == '"')
            ++P;
          A.V.push_back(S[P++]);
        }
        if (P >= S.size()) {
          Err = "unterminated string in note: " + S;
          return false;
        }
        ++P;
      }
      N.Args.push_back(A);
      Skip();
      if (P < S.size() && S[P] == ',')
        ++P;
    }
    Out.push_back(std::move(N));
    Skip();
    if (P < S.size() && S[P] == ',')
      ++P;
  }
}

struct Published {
  json::object Diag;
  bool Matched = false;
};

class MarkerRun {
public:
  MarkerRun(fs::path Path) : Path(std::move(Path)) {
    Archive = Txtar::parse(readFile(this->Path));
  }

  void run() {
    configure();
    TestEnvironment Env;
    Env.Vars["CGOLS_CLANG_RESOURCE_DIR"] = CGOLS_CLANG_RESOURCE_DIR;
    if (const auto *G = Archive.find("go-env.json"))
      Env.GoEnvJson = G->Data;
    if (const auto *PC = Archive.find("pkg-config")) {
      std::istringstream In(PC->Data);
      for (std::string L; std::getline(In, L);)
        if (auto C = L.find(": "); C != std::string::npos) {
          // "NAME: CFLAGS", or "NAME@VERSION: CFLAGS".
          std::string Name = L.substr(0, C);
          if (auto At = Name.find('@'); At != std::string::npos) {
            Env.PkgConfigVersions[Name.substr(0, At)] = Name.substr(At + 1);
            Name.resize(At);
          }
          Env.PkgConfigCFlags[Name] = L.substr(C + 2);
        }
    }
    for (const auto &F : Archive.Files)
      if (isWorkspaceFile(F.Name)) {
        std::string Path = Root + "/" + F.Name;
        Raw[Path] = F.Data;
        Files[Path] = stripNotes(F.Data);
        Env.addFile(Path, Files[Path]);
      }
    CaptureOutput Out;
    ServerOptions Opts;
    Opts.DebounceMs = 0;
    LSPServer S(Env, Out, Opts);
    json::object Caps;
    if (Utf8)
      Caps["general"] =
          json::object{{"positionEncodings", json::array{"utf-8"}}};
    sendTo(S, protocol::makeRequest(
                  1, "initialize",
                  json::object{{"capabilities", Caps},
                               {"rootUri", protocol::pathToUri(Root)},
                               {"initializationOptions", Settings}}));
    ASSERT_TRUE(Out.response(1)) << "no reply to initialize";
    sendTo(S, protocol::makeNotification("initialized", json::object{}));
    for (const auto &[P, T] : Files)
      if (P.size() > 3 && P.compare(P.size() - 3, 3, ".go") == 0)
        sendTo(S,
               protocol::makeNotification(
                   "textDocument/didOpen",
                   json::object{{"textDocument",
                                 json::object{{"uri", protocol::pathToUri(P)},
                                              {"languageId", "go"},
                                              {"version", 1},
                                              {"text", T}}}}));
    S.waitIdle();
    collect(Out.take());
    checkNotices();
    std::vector<Note> Notes = notes();
    for (const Note &N : Notes)
      if (N.Name == "diag")
        checkDiag(N);
    for (auto &[Uri, Ds] : Diags)
      for (const Published &D : Ds)
        if (!D.Matched)
          ADD_FAILURE() << "unexpected diagnostic in " << Uri << ": "
                        << json::serialize(D.Diag);
    std::int64_t Id = 100;
    for (const Note &N : Notes)
      if (N.Name == "fix")
        checkFix(N, S, Out, Id++);
    for (const Note &N : Notes)
      if (N.Name == "hover" || N.Name == "def" || N.Name == "complete" ||
          N.Name == "signature")
        checkFeature(N, S, Out, Id++);
    if (Update)
      std::ofstream(Path, std::ios::binary) << Archive.format();
  }

private:
  fs::path Path;
  Txtar Archive;
  std::map<std::string, std::string> Raw;   ///< with notes
  std::map<std::string, std::string> Files; ///< notes stripped, as served
  std::map<std::string, std::vector<Published>> Diags; // by uri
  std::vector<std::string> Notices;
  json::object Settings;
  bool Utf8 = false;
  bool Update = std::getenv("CGOLS_UPDATE") != nullptr;

  // Notes are cut from the text the server sees (from "//@" to the end of
  // the line), so that they cannot change what they test: a note on a #cgo
  // or #error line would otherwise be part of it. Offsets before a note,
  // and all lines, stay the same.
  static std::string stripNotes(const std::string &T) {
    std::string Out;
    std::size_t P = 0;
    while (P < T.size()) {
      std::size_t E = T.find('\n', P);
      std::string Line = T.substr(P, E == std::string::npos ? E : E - P);
      std::size_t At = Line.find("//@");
      if (At != std::string::npos) {
        Line.resize(At);
        while (!Line.empty() && Line.back() == ' ')
          Line.pop_back();
      }
      Out += Line;
      if (E == std::string::npos)
        break;
      Out.push_back('\n');
      P = E + 1;
    }
    return Out;
  }

  static bool isWorkspaceFile(const std::string &N) {
    return N != "flags" && N != "go-env.json" && N != "notices" &&
           N != "pkg-config" && N.rfind("@", 0) != 0;
  }

  void configure() {
    Settings = {{"targets", json::array{"darwin/arm64", "linux/amd64"}},
                {"sdkPath", CGOLS_TEST_FIXTURES "/sdk/MacOSX.sdk"},
                {"sysroot", CGOLS_TEST_FIXTURES "/linux-sysroot"}};
    const auto *F = Archive.find("flags");
    if (!F)
      return;
    std::istringstream In(F->Data);
    for (std::string L; std::getline(In, L);) {
      if (L.rfind("-targets=", 0) == 0) {
        json::array A;
        std::stringstream SS(L.substr(9));
        for (std::string T; std::getline(SS, T, ',');)
          A.push_back(json::value(T));
        Settings["targets"] = A;
      } else if (L == "-encoding=utf-8") {
        Utf8 = true;
      } else if (L == "-no-sdk") {
        Settings["sdkPath"] = "";
      } else if (L.rfind("-settings=", 0) == 0) {
        json::value V = json::parse(L.substr(10));
        for (const auto &KV : V.as_object())
          Settings[KV.key()] = KV.value();
      } else if (!L.empty()) {
        ADD_FAILURE() << "unknown flag: " << L;
      }
    }
  }

  void collect(const std::vector<json::value> &Msgs) {
    for (const json::value &V : Msgs) {
      const json::object &O = V.as_object();
      const json::value *M = O.if_contains("method");
      if (!M)
        continue;
      if (*M == "window/showMessage")
        Notices.emplace_back(O.at("params").at("message").as_string());
      if (*M != "textDocument/publishDiagnostics")
        continue;
      const json::object &P = O.at("params").as_object();
      std::string Uri(P.at("uri").as_string());
      auto &L = Diags[Uri];
      L.clear(); // the last publication counts
      for (const json::value &D : P.at("diagnostics").as_array())
        L.push_back({D.as_object(), false});
    }
  }

  void checkNotices() {
    std::vector<std::string> Want;
    if (const auto *N = Archive.find("notices")) {
      std::istringstream In(N->Data);
      for (std::string L; std::getline(In, L);)
        if (!L.empty())
          Want.push_back(L);
    }
    std::vector<bool> Used(Notices.size());
    for (const std::string &W : Want) {
      bool Found = false;
      for (std::size_t I = 0; I < Notices.size() && !Found; ++I)
        if (!Used[I] && std::regex_search(Notices[I], std::regex(W)))
          Used[I] = Found = true;
      EXPECT_TRUE(Found) << "no notice matches " << W;
    }
    for (std::size_t I = 0; I < Notices.size(); ++I)
      EXPECT_TRUE(Used[I]) << "unexpected notice: " << Notices[I];
  }

  std::vector<Note> notes() {
    std::vector<Note> Out;
    for (const auto &[P, T] : Raw) {
      LineTable LT(T);
      for (std::size_t L = 0; L < LT.lineCount(); ++L) {
        std::size_t B = LT.lineStart(L);
        std::size_t E = T.find('\n', B);
        std::string Line = T.substr(B, E == std::string::npos ? E : E - B);
        std::size_t At = Line.find("//@");
        if (At == std::string::npos)
          continue;
        std::vector<Note> Ns;
        std::string Err;
        if (!parseNotes(Line.substr(At + 3), Ns, Err)) {
          ADD_FAILURE() << P << ":" << L + 1 << ": " << Err;
          continue;
        }
        for (Note &N : Ns) {
          N.File = P;
          N.Line = L;
          Out.push_back(std::move(N));
        }
      }
    }
    return Out;
  }

  // The LSP position of the first match of the note's first argument on its
  // line.
  std::optional<protocol::Position> locate(const Note &N) {
    if (N.Args.empty() || N.Args[0].K == Arg::Word) {
      ADD_FAILURE() << N.Where() << ": " << N.Name << " needs a location";
      return std::nullopt;
    }
    const std::string &T = Files[N.File];
    LineTable LT(T);
    std::size_t B = LT.lineStart(N.Line);
    std::size_t E = T.find('\n', B);
    std::string Line = T.substr(B, E == std::string::npos ? E : E - B);
    Line = Line.substr(0, Line.find("//@"));
    std::size_t Col;
    if (N.Args[0].K == Arg::Re) {
      std::smatch M;
      if (!std::regex_search(Line, M, std::regex(N.Args[0].V))) {
        ADD_FAILURE() << N.Where() << ": no match for " << N.Args[0].V;
        return std::nullopt;
      }
      Col = static_cast<std::size_t>(M.position(0));
    } else {
      Col = Line.find(N.Args[0].V);
      if (Col == std::string::npos) {
        ADD_FAILURE() << N.Where() << ": '" << N.Args[0].V
                      << "' is not on the line";
        return std::nullopt;
      }
    }
    return PositionMapper(T, Utf8 ? PositionEncoding::UTF8
                                  : PositionEncoding::UTF16)
        .position(B + Col);
  }

  void checkDiag(const Note &N) {
    auto Pos = locate(N);
    if (!Pos)
      return;
    std::string Code, Re;
    std::int64_t Sev = 0; // any
    for (std::size_t I = 1; I < N.Args.size(); ++I) {
      if (N.Args[I].Key == "code")
        Code = N.Args[I].V;
      else if (N.Args[I].Key == "severity") {
        const char *Names[] = {"error", "warning", "information", "hint"};
        for (int K = 0; K < 4; ++K)
          if (N.Args[I].V == Names[K])
            Sev = K + 1;
        if (!Sev)
          ADD_FAILURE() << N.Where() << ": unknown severity";
      } else if (N.Args[I].K == Arg::Re)
        Re = N.Args[I].V;
      else
        ADD_FAILURE() << N.Where() << ": unknown diag argument";
    }
    auto &Ds = Diags[protocol::pathToUri(N.File)];
    for (Published &D : Ds) {
      if (D.Matched)
        continue;
      const json::object &Start = D.Diag.at("range").at("start").as_object();
      if (Start.at("line").as_int64() != Pos->Line ||
          Start.at("character").as_int64() != Pos->Character)
        continue;
      std::string C = D.Diag.contains("code")
                          ? std::string(D.Diag.at("code").as_string())
                          : "";
      std::string Msg(D.Diag.at("message").as_string());
      if (!Code.empty() && C != Code)
        continue;
      if (Sev && (!D.Diag.contains("severity") ||
                  D.Diag.at("severity").as_int64() != Sev))
        continue;
      if (!Re.empty() && !std::regex_search(Msg, std::regex(Re)))
        continue;
      D.Matched = true;
      return;
    }
    std::string Have;
    for (const Published &D : Ds)
      Have += "\n  " + json::serialize(D.Diag);
    ADD_FAILURE() << N.Where() << ": no diagnostic at " << Pos->Line + 1 << ":"
                  << Pos->Character + 1 << " with code '" << Code
                  << "' matching '" << Re << "'; published:" << Have;
  }

  // hover(LOC, re"MARKDOWN"): a hover at LOC whose text matches.
  // def(LOC, "PATH-SUFFIX", LINE): a definition there (1-based line).
  // complete(LOC, "LABEL"..., not="LABEL"): completion at the end of LOC
  // offers each LABEL, and not the not= ones.
  // signature(LOC, re"LABEL", N): signature help there, parameter N active.
  void checkFeature(const Note &N, LSPServer &S, CaptureOutput &Out,
                    std::int64_t Id) {
    auto Pos = locate(N);
    if (!Pos)
      return;
    if (N.Name == "complete" || N.Name == "signature")
      Pos->Character += static_cast<int>(N.Args[0].V.size());
    const char *Method = N.Name == "hover"      ? "textDocument/hover"
                         : N.Name == "def"      ? "textDocument/definition"
                         : N.Name == "complete" ? "textDocument/completion"
                                                : "textDocument/signatureHelp";
    sendTo(S, protocol::makeRequest(
                  Id, Method,
                  json::object{
                      {"textDocument",
                       json::object{{"uri", protocol::pathToUri(N.File)}}},
                      {"position", protocol::toJSON(*Pos)}}));
    auto R = Out.response(Id);
    ASSERT_TRUE(R) << N.Where() << ": no reply to " << Method;
    const json::value &Res = R->at("result");
    std::string Got = json::serialize(Res);
    if (N.Name == "hover") {
      ASSERT_TRUE(Res.is_object()) << N.Where() << ": no hover";
      std::string Md(Res.at("contents").at("value").as_string());
      EXPECT_TRUE(std::regex_search(Md, std::regex(N.Args.at(1).V)))
          << N.Where() << ": hover " << Md << " does not match "
          << N.Args.at(1).V;
    } else if (N.Name == "def") {
      bool Found = false;
      for (const json::value &L : Res.as_array()) {
        std::string U(L.at("uri").as_string());
        const std::string &Suffix = N.Args.at(1).V;
        Found |=
            U.size() >= Suffix.size() &&
            U.compare(U.size() - Suffix.size(), Suffix.size(), Suffix) == 0 &&
            L.at("range").at("start").at("line").as_int64() + 1 ==
                std::stoll(N.Args.at(2).V);
      }
      EXPECT_TRUE(Found) << N.Where() << ": definitions " << Got;
    } else if (N.Name == "complete") {
      // complete(LOC, "LABEL"..., not="LABEL"...): offered, and not offered.
      for (std::size_t I = 1; I < N.Args.size(); ++I) {
        bool Found = false;
        for (const json::value &It : Res.at("items").as_array())
          Found |= It.at("label").as_string() == N.Args[I].V;
        if (N.Args[I].Key == "not")
          EXPECT_FALSE(Found) << N.Where() << ": completion '" << N.Args[I].V
                              << "' offered in " << Got.substr(0, 2000);
        else
          EXPECT_TRUE(Found) << N.Where() << ": no completion '" << N.Args[I].V
                             << "' in " << Got.substr(0, 2000);
      }
    } else {
      ASSERT_TRUE(Res.is_object()) << N.Where() << ": no signature help";
      std::string Label(Res.at("signatures").at(0).at("label").as_string());
      EXPECT_TRUE(std::regex_search(Label, std::regex(N.Args.at(1).V)))
          << N.Where() << ": signature " << Label;
      EXPECT_EQ(Res.at("activeParameter").as_int64(),
                std::stoll(N.Args.at(2).V))
          << N.Where();
    }
  }

  void checkFix(const Note &N, LSPServer &S, CaptureOutput &Out,
                std::int64_t Id) {
    auto Pos = locate(N);
    if (!Pos)
      return;
    if (N.Args.size() != 3 || N.Args[2].K != Arg::Word) {
      ADD_FAILURE() << N.Where() << ": fix(location, \"title\", golden)";
      return;
    }
    const std::string &Title = N.Args[1].V;
    std::string Uri = protocol::pathToUri(N.File);
    json::object Range{{"start", protocol::toJSON(*Pos)},
                       {"end", protocol::toJSON(*Pos)}};
    sendTo(S, protocol::makeRequest(
                  Id, "textDocument/codeAction",
                  json::object{{"textDocument", json::object{{"uri", Uri}}},
                               {"range", Range},
                               {"context", json::object{{"diagnostics",
                                                         json::array{}}}}}));
    auto R = Out.response(Id);
    ASSERT_TRUE(R) << N.Where() << ": no reply to codeAction";
    const json::object *Action = nullptr;
    std::string Titles;
    for (const json::value &A : R->at("result").as_array()) {
      Titles += " '" + std::string(A.at("title").as_string()) + "'";
      if (A.at("title").as_string() == Title)
        Action = &A.as_object();
    }
    if (!Action) {
      ADD_FAILURE() << N.Where() << ": no fix titled '" << Title
                    << "'; offered:" << Titles;
      return;
    }
    const json::object &Changes = Action->at("edit").at("changes").as_object();
    for (const auto &KV : Changes) {
      std::string P = *protocol::uriToPath(std::string(KV.key()));
      std::string Text = Files[P];
      // Apply edits from the last to the first.
      std::vector<std::pair<std::size_t, std::pair<std::size_t, std::string>>>
          Es;
      PositionMapper M(Text,
                       Utf8 ? PositionEncoding::UTF8 : PositionEncoding::UTF16);
      for (const json::value &E : KV.value().as_array()) {
        protocol::ParamReader PR(E);
        auto Rg = PR.range(E.as_object(), "range", "edit");
        ASSERT_TRUE(Rg);
        Es.push_back(
            {*M.offset(Rg->Start),
             {*M.offset(Rg->End), std::string(E.at("newText").as_string())}});
      }
      std::sort(Es.rbegin(), Es.rend());
      for (const auto &[B, EP] : Es)
        Text.replace(B, EP.first - B, EP.second);
      std::string Golden = "@" + N.Args[2].V + "/" + P.substr(Root.size() + 1);
      auto *G = const_cast<Txtar::File *>(Archive.find(Golden));
      if (Update) {
        if (G)
          G->Data = Text;
        else
          Archive.Files.push_back({Golden, Text});
        continue;
      }
      if (!G) {
        ADD_FAILURE() << N.Where() << ": no golden section " << Golden;
        continue;
      }
      EXPECT_EQ(G->Data, Text)
          << N.Where() << ": fix result differs from " << Golden;
    }
  }
};

std::vector<std::string> archives() {
  std::vector<std::string> Out;
  fs::path Dir = fs::path(CGOLS_SOURCE_DIR) / "tests/marker/testdata";
  for (const auto &E : fs::recursive_directory_iterator(Dir))
    if (E.path().extension() == ".txtar")
      Out.push_back(fs::relative(E.path(), Dir).string());
  std::sort(Out.begin(), Out.end());
  return Out;
}

class Marker : public ::testing::TestWithParam<std::string> {};

TEST_P(Marker, Run) {
  MarkerRun(fs::path(CGOLS_SOURCE_DIR) / "tests/marker/testdata" / GetParam())
      .run();
}

INSTANTIATE_TEST_SUITE_P(Archives, Marker, ::testing::ValuesIn(archives()),
                         [](const ::testing::TestParamInfo<std::string> &I) {
                           std::string N =
                               I.param.substr(0, I.param.size() - 6);
                           for (char &C : N)
                             if (!std::isalnum(static_cast<unsigned char>(C)))
                               C = '_';
                           return N;
                         });

} // namespace
